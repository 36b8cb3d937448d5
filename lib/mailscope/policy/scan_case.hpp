// Scanning the case: every message this rule-set version has not scanned yet, in id order,
// in batches that commit atomically (so scanning is incremental, idempotent and resumable).
#pragma once

#include "mailscope/policy/evaluate.hpp"
#include "mailscope/policy/learning.hpp"
#include "mailscope/store/case.hpp"

#include "mailscope/util/progress.hpp"

namespace ms {

using ScanProgress = CountProgress;
using ScanProgressFn = CountProgressFn;

struct ScanStats {
    std::uint64_t scanned = 0;    // messages scanned in this run
    std::uint64_t likely_fp = 0;  // new flags the context model marked likely false positives
    std::uint64_t personal = 0;   // of those, personal (not checked, counted)
    std::uint64_t new_flags = 0;
    std::uint64_t bytes = 0;      // decoded text scanned
    double seconds = 0;
};

Result<ScanStats> scan_case(Case& c, const RuleSet& rules, const Directory* directory,
                            Matcher& matcher, std::size_t batch, const ScanProgressFn& progress,
                            const LearnedModel* model = nullptr);

} // namespace ms
