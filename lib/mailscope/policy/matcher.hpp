// Matcher: finds every occurrence of every pattern of a RuleSet in normalised text. The
// Hyperscan implementation is what scans; the reference implementation (plain find and
// std::regex) exists so that tests can check it.
#pragma once

#include "mailscope/policy/ruleset.hpp"

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace ms {

struct Hit {
    std::uint32_t pattern;  // index into RuleSet::patterns()
    std::uint32_t start;    // byte offsets in the normalised text
    std::uint32_t end;
};

class Matcher {
public:
    virtual ~Matcher() = default;
    // Appends all hits (overlapping ones included) to `hits`, in no particular order.
    virtual Result<void> scan(std::string_view text, std::vector<Hit>& hits) = 0;
};

// Compiles (or loads from `cache_dir`, when not empty) the Hyperscan database of a rule set.
// A regex Hyperscan cannot compile is an error naming the rule and its file.
Result<std::unique_ptr<Matcher>> make_hyperscan_matcher(const RuleSet& rules,
                                                        const std::string& cache_dir);

std::unique_ptr<Matcher> make_reference_matcher(const RuleSet& rules);

} // namespace ms
