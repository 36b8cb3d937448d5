#include "mailscope/policy/ruleset.hpp"

#include "mailscope/util/hash.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace ms {

Result<RuleSet> RuleSet::build(std::vector<Policy> policies, const Directory* directory) {
    RuleSet rs;
    // Policies in id order: the version must not depend on the order files were listed.
    std::sort(policies.begin(), policies.end(),
              [](const Policy& a, const Policy& b) { return a.id < b.id; });
    std::set<std::string> ids;
    bool traditional = false;
    for (const auto& p : policies) {
        if (!ids.insert(p.id).second)
            return fail(Errc::bad_input, "two policy files have the id '" + p.id + "'",
                        "give each policy its own [policy] id");
        traditional = traditional || p.traditional;
    }
    // Traditional folding applies to the whole scan when any policy asks for it: the mail is
    // normalised once, for every rule.
    rs.m_normalizer = std::make_shared<Normalizer>(traditional);
    Sha256Hasher h;
    h.update(k_normalizer_version);
    h.update(traditional ? "+trad\n" : "\n");
    for (const auto& p : policies) {
        h.update(p.sha256);
        h.update("\n");
        for (const Rule& r : p.rules) {
            auto index = static_cast<std::uint32_t>(rs.m_rules.size());
            auto add = [&](const std::string& expr, bool literal, PatternRole role) {
                std::string e = literal ? rs.m_normalizer->normalize(expr) : expr;
                if (literal && e.empty()) return;
                auto word = [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
                };
                bool ws = literal && word(e.front()), we = literal && word(e.back());
                rs.m_patterns.push_back({std::move(e), literal, index, role, ws, we});
            };
            for (const auto& t : r.terms) add(t, true, PatternRole::primary);
            for (const auto& x : r.regexes) add(x, false, PatternRole::primary);
            for (const auto& t : r.near) add(t, true, PatternRole::near);
            for (const auto& t : r.exceptions) add(t, true, PatternRole::exception);
            rs.m_rules.push_back(r);
        }
    }
    h.update(directory ? directory->sha256 : std::string("no-directory"));
    rs.m_version = to_hex(h.finish()).substr(0, 16);
    rs.m_policies = std::move(policies);
    return rs;
}

} // namespace ms
