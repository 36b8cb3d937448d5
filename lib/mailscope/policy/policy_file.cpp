// Loading policy files: TOML to Policy, with every mistake reported by line.
#include "mailscope/org/toml_reader.hpp"
#include "mailscope/policy/policy.hpp"
#include "mailscope/util/fs.hpp"
#include "mailscope/util/strings.hpp"

#include <set>
#include <toml++/toml.h>

namespace ms {

const char* tier_name(Tier t) {
    switch (t) {
    case Tier::allowed: return "allowed";
    case Tier::approval: return "approval";
    case Tier::forbidden: return "forbidden";
    }
    return "?";
}

std::optional<Tier> parse_tier(std::string_view s) {
    for (Tier t : {Tier::allowed, Tier::approval, Tier::forbidden})
        if (s == tier_name(t)) return t;
    return std::nullopt;
}

const char* direction_name(Direction d) {
    switch (d) {
    case Direction::outbound: return "outbound";
    case Direction::inbound: return "inbound";
    case Direction::internal: return "internal";
    case Direction::external: return "external";
    }
    return "?";
}

std::optional<Direction> parse_direction(std::string_view s) {
    for (Direction d : {Direction::outbound, Direction::inbound, Direction::internal,
                        Direction::external})
        if (s == direction_name(d)) return d;
    return std::nullopt;
}

namespace {

bool valid_id(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'))
            return false;
    return true;
}

// Settings a [defaults] table gives every rule, and each rule may override.
void read_common(TomlReader& r, const toml::table& t, Rule& rule) {
    rule.exception_window =
        static_cast<int>(r.integer(t, "exception_window", rule.exception_window, 0, 1000));
    rule.skip_quoted = r.boolean(t, "skip_quoted", rule.skip_quoted);
    rule.skip_forwarded = r.boolean(t, "skip_forwarded", rule.skip_forwarded);
    if (const toml::table* s = r.table(t, "scope", false)) {
        r.allow(*s, {"roles", "departments", "direction"});
        if (r.has(*s, "roles")) {
            rule.scope.roles.clear();
            for (const auto& v : r.strings(*s, "roles", true)) {
                if (auto ro = parse_role(v)) rule.scope.roles.push_back(*ro);
                else r.problem(*s, "roles", "unknown role '" + v + "'");
            }
        }
        if (r.has(*s, "departments")) rule.scope.departments = r.strings(*s, "departments", true);
        if (r.has(*s, "direction")) {
            rule.scope.directions.clear();
            for (const auto& v : r.strings(*s, "direction", true)) {
                if (auto d = parse_direction(v)) rule.scope.directions.push_back(*d);
                else r.problem(*s, "direction", "unknown direction '" + v +
                                                    "' (outbound, inbound, internal, external)");
            }
        }
    }
}

} // namespace

Result<Policy> load_policy(const std::string& path, std::vector<FileProblem>& problems) {
    MS_TRY_ASSIGN(text, read_file(path));
    return load_policy_text(path, std::move(text), problems);
}

Result<Policy> load_policy_text(const std::string& path, std::string text,
                                std::vector<FileProblem>& problems) {
    std::size_t before = problems.size();
    TomlReader r(path, problems);
    MS_TRY(r.load_text(std::move(text)));
    Policy p;
    p.path = path;
    p.sha256 = r.sha256();
    r.allow_top({"policy", "defaults", "rule", "example"});
    if (const toml::table* head = r.table(r.root(), "policy", true)) {
        r.allow(*head, {"id", "name", "description", "traditional"});
        p.id = r.string(*head, "id", true);
        if (!p.id.empty() && !valid_id(p.id))
            r.problem(*head, "id", "policy id '" + p.id + "' may use only letters, digits, . - _");
        p.name = r.string(*head, "name", false);
        p.description = r.string(*head, "description", false);
        p.traditional = r.boolean(*head, "traditional", false);
    }
    Rule defaults;
    if (const toml::table* d = r.table(r.root(), "defaults", false)) {
        r.allow(*d, {"exception_window", "skip_quoted", "skip_forwarded", "scope", "near_within"});
        read_common(r, *d, defaults);
        defaults.near_within = static_cast<int>(r.integer(*d, "near_within", 30, 1, 10000));
    }
    std::set<std::string> ids;
    for (const toml::table* tp : r.tables_of(r.root(), "rule")) {
        const toml::table& t = *tp;
        r.allow(t, {"id", "tier", "category", "description", "terms", "regex", "near",
                    "exceptions", "exception_window", "skip_quoted", "skip_forwarded", "scope",
                    "actions"});
        Rule rule = defaults;
        rule.policy = p.id;
        rule.line = r.line(t);
        rule.id = r.string(t, "id", true);
        if (!rule.id.empty() && !valid_id(rule.id))
            r.problem(t, "id", "rule id '" + rule.id + "' may use only letters, digits, . - _");
        if (!rule.id.empty() && !ids.insert(rule.id).second)
            r.problem(t, "id", "rule '" + rule.id + "' is defined twice");
        std::string tier = r.string(t, "tier", true);
        if (auto ti = parse_tier(tier)) rule.tier = *ti;
        else if (!tier.empty())
            r.problem(t, "tier", "unknown tier '" + tier + "' (allowed, approval, forbidden)");
        rule.category = r.string(t, "category", false);
        rule.description = r.string(t, "description", false);
        rule.terms = r.strings(t, "terms", false);
        rule.regexes = r.strings(t, "regex", false);
        if (rule.terms.empty() && rule.regexes.empty())
            r.problem_at(rule.line, "rule '" + rule.id + "' has neither terms nor regex");
        for (const auto& term : rule.terms)
            if (trim(term).empty()) r.problem(t, "terms", "an empty term would match everything");
        if (const toml::table* n = r.table(t, "near", false)) {
            r.allow(*n, {"terms", "within"});
            rule.near = r.strings(*n, "terms", true);
            rule.near_within = static_cast<int>(r.integer(*n, "within", rule.near_within, 1, 10000));
        }
        rule.exceptions = r.strings(t, "exceptions", false);
        read_common(r, t, rule);
        for (const auto& a : r.strings(t, "actions", false)) {
            if (a == "notify") rule.notify = true;
            else if (a == "retain") rule.retain = true;
            else r.problem(t, "actions", "unknown action '" + a + "' (notify, retain)");
        }
        p.rules.push_back(std::move(rule));
    }
    for (const toml::table* tp : r.tables_of(r.root(), "example")) {
        const toml::table& t = *tp;
        r.allow(t, {"text", "expect", "from", "to"});
        Example e;
        e.line = r.line(t);
        e.text = r.string(t, "text", true);
        e.expect = r.strings(t, "expect", false);
        e.from = ascii_lower(r.string(t, "from", false));
        e.to = r.strings(t, "to", false);
        for (auto& a : e.to) a = ascii_lower(a);
        for (const auto& id : e.expect)
            if (!ids.count(id)) r.problem(t, "expect", "no rule '" + id + "' in this policy");
        p.examples.push_back(std::move(e));
    }
    if (p.rules.empty()) problems.push_back({path, 0, "the policy has no [[rule]]"});
    if (problems.size() > before)
        return fail(Errc::bad_input,
                    path + ": " + std::to_string(problems.size() - before) + " problem(s)",
                    "run `mailscope policy test " + path + "` to list them with their lines");
    return p;
}

} // namespace ms
