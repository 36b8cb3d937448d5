// Unit tests of policy/policy_file: every key of a policy file, [defaults] inherited and
// overridden by rules, and every kind of mistake reported on the line it is on. Expected
// lines are found in the fixture text itself.
#include "mailscope/policy/policy.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <algorithm>

using namespace ms;

namespace {

int line_of(const std::string& text, const std::string& needle) {
    std::size_t at = text.find(needle);
    if (at == std::string::npos) return 0;
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

bool has_problem(const std::vector<FileProblem>& ps, int line, const std::string& part) {
    for (const auto& p : ps)
        if (p.line == line && p.message.find(part) != std::string::npos) return true;
    return false;
}

std::string dump(const std::vector<FileProblem>& ps) {
    std::string s;
    for (const auto& p : ps) s += format_problem(p) + "\n";
    return s;
}

const std::string k_policy = R"(# Sales promises
[policy]
id = "sales-cn"
name = "Sales promises"
description = "Prices, terms and payment"
traditional = true

[defaults]
exception_window = 12
skip_quoted = false
near_within = 15
[defaults.scope]
direction = ["outbound"]

[[rule]]
id = "lowest-price"
tier = "forbidden"
category = "pricing"
description = "A price promise"
terms = ["最低价", "Lowest Price"]
exceptions = ["客户说", "customer said"]
actions = ["notify", "retain"]

[[rule]]
id = "discount.near"
tier = "approval"
category = "pricing"
terms = ["折扣"]
regex = ["[0-9]+%"]
skip_quoted = true
skip_forwarded = false
exception_window = 3
[rule.near]
terms = ["今天", "today"]
[rule.scope]
roles = ["employee", "manager"]
departments = ["sales"]

[[rule]]
id = "ok_phrase"
tier = "allowed"
terms = "按价格表"
[rule.near]
terms = "价格"
within = 5
[rule.scope]
direction = ["inbound", "internal", "external"]

[[example]]
text = "这是最低价"
expect = ["lowest-price"]

[[example]]
text = "按价格表执行"
from = "Zhang.Wei@HaiNa-Trade.com"
to = ["Buyer@Example.com"]

[[example]]
text = "今天折扣 5%"
expect = ["discount.near", "lowest-price"]
)";

Result<Policy> load(const TempDir& t, const std::string& text, std::vector<FileProblem>& ps) {
    return load_policy(t.file("p.toml", text), ps);
}

} // namespace

TEST_CASE("load_policy: every key, defaults inherited and overridden") {
    TempDir t;
    std::vector<FileProblem> problems;
    auto p = load(t, k_policy, problems);
    REQUIRE_MESSAGE(p, dump(problems));
    CHECK(problems.empty());
    CHECK(p->path == t.path + "/p.toml");
    CHECK(p->sha256.size() == 64);
    CHECK(p->id == "sales-cn");
    CHECK(p->name == "Sales promises");
    CHECK(p->description == "Prices, terms and payment");
    CHECK(p->traditional);
    REQUIRE(p->rules.size() == 3);

    const Rule& a = p->rules[0];
    CHECK(a.policy == "sales-cn");
    CHECK(a.id == "lowest-price");
    CHECK(a.tier == Tier::forbidden);
    CHECK(a.category == "pricing");
    CHECK(a.description == "A price promise");
    CHECK(a.terms == std::vector<std::string>{"最低价", "Lowest Price"}); // as written
    CHECK(a.regexes.empty());
    CHECK(a.near.empty());
    CHECK(a.exceptions == std::vector<std::string>{"客户说", "customer said"});
    CHECK(a.exception_window == 12);   // from [defaults]
    CHECK_FALSE(a.skip_quoted);        // from [defaults]
    CHECK(a.skip_forwarded);           // the built-in default
    CHECK(a.near_within == 15);        // from [defaults]
    CHECK(a.scope.roles.empty());
    CHECK(a.scope.departments.empty());
    CHECK(a.scope.directions == std::vector<Direction>{Direction::outbound});
    CHECK(a.notify);
    CHECK(a.retain);
    CHECK(a.line == line_of(k_policy, "id = \"lowest-price\"") - 1);

    const Rule& b = p->rules[1];
    CHECK(b.id == "discount.near");
    CHECK(b.tier == Tier::approval);
    CHECK(b.terms == std::vector<std::string>{"折扣"});
    CHECK(b.regexes == std::vector<std::string>{"[0-9]+%"});
    CHECK(b.near == std::vector<std::string>{"今天", "today"});
    CHECK(b.near_within == 15);        // [rule.near] without `within`: the default's
    CHECK(b.exception_window == 3);    // overridden
    CHECK(b.skip_quoted);              // overridden
    CHECK_FALSE(b.skip_forwarded);     // overridden
    CHECK(b.scope.roles == std::vector<Role>{Role::employee, Role::manager});
    CHECK(b.scope.departments == std::vector<std::string>{"sales"});
    // The rule's scope names no direction: the default's still applies.
    CHECK(b.scope.directions == std::vector<Direction>{Direction::outbound});
    CHECK_FALSE(b.notify);
    CHECK_FALSE(b.retain);

    const Rule& c = p->rules[2];
    CHECK(c.id == "ok_phrase");
    CHECK(c.tier == Tier::allowed);
    CHECK(c.category.empty());
    CHECK(c.terms == std::vector<std::string>{"按价格表"}); // a single string is a list of one
    CHECK(c.near == std::vector<std::string>{"价格"});
    CHECK(c.near_within == 5);
    CHECK(c.scope.directions ==
          std::vector<Direction>{Direction::inbound, Direction::internal, Direction::external});

    REQUIRE(p->examples.size() == 3);
    CHECK(p->examples[0].text == "这是最低价");
    CHECK(p->examples[0].expect == std::vector<std::string>{"lowest-price"});
    CHECK(p->examples[0].line == line_of(k_policy, "这是最低价") - 1);
    CHECK(p->examples[1].expect.empty());
    CHECK(p->examples[1].from == "zhang.wei@haina-trade.com");
    CHECK(p->examples[1].to == std::vector<std::string>{"buyer@example.com"});
    CHECK(p->examples[2].expect == std::vector<std::string>{"discount.near", "lowest-price"});
}

TEST_CASE("load_policy: built-in defaults without a [defaults] table") {
    TempDir t;
    std::vector<FileProblem> problems;
    auto p = load(t, "[policy]\nid = \"p\"\n[[rule]]\nid = \"r\"\ntier = \"approval\"\n"
                     "terms = [\"x\"]\n[rule.near]\nterms = [\"y\"]\n",
                  problems);
    REQUIRE_MESSAGE(p, dump(problems));
    const Rule& r = p->rules.at(0);
    CHECK_FALSE(p->traditional);
    CHECK(r.near_within == 30);
    CHECK(r.exception_window == 20);
    CHECK(r.skip_quoted);
    CHECK(r.skip_forwarded);
    CHECK(r.scope.roles.empty());
    CHECK(r.scope.departments.empty());
    CHECK(r.scope.directions.empty());
    CHECK_FALSE(r.notify);
    CHECK_FALSE(r.retain);
}

TEST_CASE("tier, direction and role names parse both ways") {
    for (Tier x : {Tier::allowed, Tier::approval, Tier::forbidden})
        CHECK(parse_tier(tier_name(x)) == x);
    CHECK_FALSE(parse_tier("Forbidden"));
    CHECK_FALSE(parse_tier(""));
    for (Direction x : {Direction::outbound, Direction::inbound, Direction::internal,
                        Direction::external})
        CHECK(parse_direction(direction_name(x)) == x);
    CHECK_FALSE(parse_direction("sideways"));
    CHECK(std::string(tier_name(Tier::approval)) == "approval");
    CHECK(std::string(direction_name(Direction::inbound)) == "inbound");
    CHECK(parse_role("auditor") == Role::auditor);
    CHECK_FALSE(parse_role("boss"));
}

TEST_CASE("load_policy: every problem is reported with its line") {
    const std::string bad = R"([policy]
id = "bad policy"
colour = "red"

[[rule]]
id = "r1"
tier = "mandatory"
terms = ["a"]

[[rule]]
id = "r2"
tier = "approval"
terms = ["b"]
actions = ["notify", "shout"]
[rule.scope]
roles = ["employee", "intern"]
direction = ["sideways"]

[[rule]]
id = "r1"
tier = "approval"
terms = ["c"]

[[rule]]
id = "no-terms"
tier = "forbidden"
category = "x"

[[rule]]
id = "empty-term"
tier = "approval"
terms = ["ok", "  "]

[[rule]]
id = "bad/id"
tier = "approval"
terms = ["d"]

[[example]]
text = "a"
expect = ["r1", "ghost"]
)";
    TempDir t;
    std::vector<FileProblem> problems;
    auto p = load(t, bad, problems);
    CHECK_FALSE(p);
    INFO(dump(problems));
    CHECK(has_problem(problems, 2, "policy id 'bad policy' may use only letters, digits"));
    CHECK(has_problem(problems, 3, "unknown key 'colour'"));
    CHECK(has_problem(problems, line_of(bad, "mandatory"), "unknown tier 'mandatory'"));
    CHECK(has_problem(problems, line_of(bad, "shout"), "unknown action 'shout'"));
    CHECK(has_problem(problems, line_of(bad, "intern"), "unknown role 'intern'"));
    CHECK(has_problem(problems, line_of(bad, "sideways"), "unknown direction 'sideways'"));
    // The second "r1": its id line.
    CHECK(has_problem(problems, line_of(bad, "terms = [\"c\"]") - 2, "rule 'r1' is defined twice"));
    // A rule without terms or regex: its [[rule]] header.
    CHECK(has_problem(problems, line_of(bad, "id = \"no-terms\"") - 1,
                      "rule 'no-terms' has neither terms nor regex"));
    CHECK(has_problem(problems, line_of(bad, "\"  \""), "an empty term would match everything"));
    CHECK(has_problem(problems, line_of(bad, "bad/id"), "rule id 'bad/id' may use only"));
    CHECK(has_problem(problems, line_of(bad, "ghost"), "no rule 'ghost' in this policy"));
    CHECK(problems.size() == 11);
}

TEST_CASE("load_policy: [rule.near] needs terms; numbers are range-checked") {
    const std::string bad = "[policy]\nid = \"p\"\n"
                            "[defaults]\nexception_window = -1\n"   // line 4
                            "[[rule]]\nid = \"r\"\ntier = \"approval\"\nterms = [\"x\"]\n"
                            "skip_quoted = \"yes\"\n"               // line 9
                            "[rule.near]\nwithin = 0\n";            // lines 10, 11
    TempDir t;
    std::vector<FileProblem> problems;
    CHECK_FALSE(load(t, bad, problems));
    INFO(dump(problems));
    CHECK(has_problem(problems, 4, "'exception_window' must be a whole number from 0 to 1000"));
    CHECK(has_problem(problems, 9, "'skip_quoted' must be true or false"));
    CHECK(has_problem(problems, 10, "missing 'terms'"));
    CHECK(has_problem(problems, 11, "'within' must be a whole number from 1 to 10000"));
    CHECK(problems.size() == 4);
}

TEST_CASE("load_policy: a policy without rules, and a TOML syntax error") {
    TempDir t;
    std::vector<FileProblem> problems;
    CHECK_FALSE(load(t, "[policy]\nid = \"p\"\n", problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 0);
    CHECK(problems[0].message == "the policy has no [[rule]]");

    problems.clear();
    CHECK_FALSE(load(t, "[policy]\nid = \"p\"\n\n[[rule]\nid = \"r\"\n", problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 4);

    problems.clear();
    CHECK_FALSE(load(t, "[[rule]]\nid = \"r\"\ntier = \"approval\"\nterms = [\"x\"]\n", problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message == "missing [policy] section");
}
