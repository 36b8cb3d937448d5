// The reference matcher: std::string::find for literals, std::regex (ECMAScript, byte-wise)
// for regexes. Slow and simple on purpose, so tests can hold Hyperscan to it.
#include "mailscope/policy/matcher.hpp"

#include <cctype>
#include <regex>

namespace ms {

namespace {

class ReferenceMatcher final : public Matcher {
public:
    explicit ReferenceMatcher(const RuleSet& rules) : m_patterns(rules.patterns()) {
        for (const auto& p : m_patterns)
            m_regexes.emplace_back(p.literal ? std::regex() : std::regex(p.expression,
                                                          std::regex::icase));
    }

    Result<void> scan(std::string_view text, std::vector<Hit>& hits) override {
        const std::string s(text);
        for (std::size_t i = 0; i < m_patterns.size(); ++i) {
            const Pattern& p = m_patterns[i];
            if (p.literal) {
                const std::string& e = p.expression;
                for (std::size_t at = s.find(e); at != std::string::npos; at = s.find(e, at + 1))
                    hits.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(at),
                                    static_cast<std::uint32_t>(at + e.size())});
            } else {
                for (std::sregex_iterator it(s.begin(), s.end(), m_regexes[i]), end; it != end;
                     ++it)
                    hits.push_back({static_cast<std::uint32_t>(i),
                                    static_cast<std::uint32_t>(it->position()),
                                    static_cast<std::uint32_t>(it->position() + it->length())});
            }
        }
        return ok();
    }

private:
    std::vector<Pattern> m_patterns;
    std::vector<std::regex> m_regexes;
};

} // namespace

std::unique_ptr<Matcher> make_reference_matcher(const RuleSet& rules) {
    return std::make_unique<ReferenceMatcher>(rules);
}

} // namespace ms
