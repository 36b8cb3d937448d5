// All rules of the case's policies, compiled together: every term, regex, "near" term and
// exception becomes one pattern of one matcher (one Hyperscan database), so a message is
// read once whatever the number of rules.
#pragma once

#include "mailscope/policy/normalize.hpp"
#include "mailscope/policy/policy.hpp"

#include <memory>
#include <string>
#include <vector>

namespace ms {

enum class PatternRole : std::uint8_t { primary, near, exception };

struct Pattern {
    std::string expression;  // a normalised literal, or a regex as written
    bool literal = true;
    std::uint32_t rule = 0;  // index into RuleSet::rules()
    PatternRole role = PatternRole::primary;
    // Whole words at ASCII edges: a literal that starts (ends) with an ASCII letter or digit
    // only counts where no letter, digit or '_' comes before (after) it, an English
    // inflection (s, es, d, ed, ing) aside. "cash" is not in "cashback" but is in "cashed";
    // Chinese terms have no such edges. Checked on the hits, not in the matcher: boundary
    // assertions make Hyperscan's compile ten times slower.
    bool word_start = false, word_end = false;
};

class RuleSet {
public:
    // `directory` may be null: scoped rules then never apply (no one has a role).
    static Result<RuleSet> build(std::vector<Policy> policies, const Directory* directory);

    const std::vector<Rule>& rules() const { return m_rules; }
    const std::vector<Pattern>& patterns() const { return m_patterns; }
    const std::vector<Policy>& policies() const { return m_policies; }
    const Normalizer& normalizer() const { return *m_normalizer; }
    // Identifies the rules and the directory: flags are per version, a change rescans.
    const std::string& version() const { return m_version; }

private:
    std::vector<Policy> m_policies;
    std::vector<Rule> m_rules;
    std::vector<Pattern> m_patterns;
    std::shared_ptr<Normalizer> m_normalizer;
    std::string m_version;
};

} // namespace ms
