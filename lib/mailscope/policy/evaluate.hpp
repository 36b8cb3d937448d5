// From pattern hits to findings: a rule's term or regex hit counts when the rule applies to
// the sender (scope), its "near" term is close enough, no exception stands just before it,
// and it is not in a quoted line or a forwarded section. Hits of `allowed` rules are findings
// too, and cancel the hits of other rules they overlap (an explicitly allowed phrase).
#pragma once

#include "mailscope/mime/message.hpp"
#include "mailscope/policy/matcher.hpp"
#include "mailscope/policy/scene.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ms {

struct Finding {
    std::uint32_t rule = 0;  // index into RuleSet::rules()
    std::string field;
    std::uint32_t start = 0, end = 0;  // byte offsets in the field's original text
    std::string matched;                // the original text of the span
    std::string snippet;                // a line of context, the match in «»
};

// Whether a rule's scope covers the scene's sender (role, department) and direction; a scope
// with roles or departments never covers an unknown sender.
bool rule_applies(const Rule& r, const Scene& scene);

class Evaluator {
public:
    Evaluator(const RuleSet& rules, Matcher& matcher) : m_rules(rules), m_matcher(matcher) {}
    // Findings of one message (or draft), fields in order, each field's findings by offset.
    Result<std::vector<Finding>> evaluate(const std::vector<FieldText>& fields,
                                          const Scene& scene);
    // Whether a rule's scope covers this sender and direction.
    bool applies(const Rule& r, const Scene& scene) const { return rule_applies(r, scene); }

private:
    const RuleSet& m_rules;
    Matcher& m_matcher;
    NormalizedText m_norm;     // reused between fields: no allocation per message
    std::vector<Hit> m_hits;
};

// Offset of the first line that starts a forwarded or original message ("-----Original
// Message-----", "---------- Forwarded message ---------", "发件人:" followed by "发送时间:"...),
// or text.size() when there is none.
std::size_t forwarded_from(std::string_view text);
// True when the line holding `offset` is a quotation ("> ..." or "＞ ...").
bool in_quoted_line(std::string_view text, std::size_t offset);
// `width` characters of context either side of [start, end), on one line, match in «».
std::string make_snippet(std::string_view text, std::size_t start, std::size_t end,
                         std::size_t width = 30);

} // namespace ms
