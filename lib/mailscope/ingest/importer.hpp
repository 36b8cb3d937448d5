// The import pipeline: sources -> dedup -> parse -> case, in batches that commit atomically,
// so an import killed at any moment resumes where it stopped and converges to the state an
// uninterrupted import reaches.
#pragma once

#include "mailscope/source/source.hpp"
#include "mailscope/store/case.hpp"
#include "mailscope/store/evidence.hpp"

#include <functional>
#include <string>
#include <vector>

namespace ms {

struct ImportOptions {
    std::vector<std::string> sources;
    SourceOptions source;
    std::string custodian;       // empty: derived from each source's name
    std::string operator_name;   // the OS login of who runs the import
    std::string tool_version;
    std::string person;          // the directory person acted as (--as), for the custody log
    std::string command;         // the command line, for the custody log
    std::size_t batch = 1000;    // messages per transaction
};

struct ImportProgress {
    std::string source;
    std::uint64_t done_bytes = 0, total_bytes = 0;
    std::uint64_t messages = 0;  // messages read so far in this run
};
using ImportProgressFn = std::function<void(const ImportProgress&)>;

struct EvidenceReport {
    EvidenceRow evidence;
    bool already_imported = false;    // complete in an earlier run: nothing was read
    bool resumed = false;             // an interrupted earlier run was continued
    // This run only (the evidence row holds the totals over every run).
    std::uint64_t messages = 0, new_messages = 0, failures = 0, skipped = 0;
    std::uint64_t duplicates = 0;     // messages already in the case (same content)
    std::vector<SourceProblem> problems;
    // Messages stored with a limit hit (mailscope-import(1), LIMITS): locator and warning.
    std::vector<SourceProblem> limited;
};

struct ImportReport {
    std::vector<EvidenceReport> evidence;
    std::uint64_t messages = 0, new_messages = 0, duplicates = 0, failures = 0, skipped = 0;
    double seconds = 0;
    bool partial() const { return failures > 0; }
};

// Reads every source into the case. A broken source or message is recorded and reported;
// only a failure to write the case itself stops the import.
Result<ImportReport> import_sources(Case& c, const ImportOptions& opts,
                                    const ImportProgressFn& progress);

// Absolute, normalised path of a source as recorded in the evidence table.
std::string evidence_path(const std::string& path);

} // namespace ms
