// Exceptions learnt from dismissals: phrases that stand just before the hit in several
// dismissed flags of a rule and before none of its confirmed flags or seeded examples. They
// are proposals for a person to accept into the policy file (policy suggest --accept), never
// applied on their own.
#pragma once

#include "mailscope/policy/learning.hpp"
#include "mailscope/policy/ruleset.hpp"

#include <string>
#include <vector>

namespace ms {

struct ExceptionSuggestion {
    std::string rule;                     // rule_key
    std::string phrase;
    std::vector<std::int64_t> dismissed;  // the dismissed flags it would have silenced
};

// Best first: most dismissed flags covered, then the longer (more specific) phrase. Of the
// phrases that silence exactly the same flags only the longest is proposed, and a phrase the
// rule already has as an exception is left out.
std::vector<ExceptionSuggestion> suggest_exceptions(const RuleSet& rules,
                                                    const std::vector<LabelledHit>& decisions,
                                                    const std::vector<LabelledHit>& examples,
                                                    int min_support = 2);

} // namespace ms
