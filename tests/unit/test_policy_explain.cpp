// Unit tests of policy/explain: which rules cover a person's sent mail and in which
// directions, why the others do not, and who holds each role; plus the scene-filter promise
// the notice makes about a private address listed for a person.
#include "mailscope/policy/explain.hpp"
#include "mailscope/policy/scene.hpp"
#include "mailscope/util/time.hpp"

#include <doctest/doctest.h>

using namespace ms;

namespace {

Person person(const std::string& email, const std::string& dept, Role role) {
    Person p;
    p.email = email;
    p.department = dept;
    p.role = role;
    return p;
}

Directory directory() {
    Directory d;
    d.work_domains = {"co.example"};
    d.time_zone = "+08:00";
    d.departments = {{"sales", "Sales", 0}, {"finance", "Finance", 0}};
    d.people = {person("rep@co.example", "sales", Role::employee),
                person("boss@co.example", "sales", Role::manager),
                person("cfo@co.example", "finance", Role::manager),
                person("officer@co.example", "legal", Role::compliance),
                person("gm@co.example", "management", Role::auditor),
                person("it@co.example", "hr", Role::admin)};
    d.people[0].also = {"rep.home@mail.example"};
    d.index();
    return d;
}

Rule rule(const std::string& id, Scope scope) {
    Rule r;
    r.id = id;
    r.scope = std::move(scope);
    return r;
}

std::vector<Policy> policies() {
    Policy p;
    p.id = "p";
    p.rules = {rule("anyone", {}),
               rule("sales-out", {{}, {"sales"}, {Direction::outbound}}),
               rule("finance", {{}, {"finance"}, {}}),
               rule("managers", {{Role::manager}, {}, {Direction::internal, Direction::outbound}}),
               rule("sales-staff", {{Role::employee}, {"sales"}, {}})};
    return {p};
}

} // namespace

TEST_CASE("explain_person: rules, directions and why not") {
    Directory d = directory();
    std::vector<Policy> ps = policies();
    Explanation e = explain_person(d, ps, d.people[0]);
    REQUIRE(e.rules.size() == 5);
    using D = std::vector<Direction>;
    const D all{Direction::outbound, Direction::internal, Direction::inbound, Direction::external};
    CHECK(e.rules[0].directions == all);
    CHECK(e.rules[1].directions == D{Direction::outbound});
    CHECK_FALSE(e.rules[2].applies());
    CHECK(e.rules[2].other_departments);
    CHECK_FALSE(e.rules[2].other_roles);
    CHECK_FALSE(e.rules[3].applies());
    CHECK(e.rules[3].other_roles);
    CHECK_FALSE(e.rules[3].other_departments);
    CHECK(e.rules[4].directions == all);
    CHECK(e.rules[4].policy == &ps[0]);
    REQUIRE(e.department != nullptr);
    CHECK(e.department->name == "Sales");

    // The sales manager: the manager rule in its two directions, not the staff rule.
    Explanation m = explain_person(d, ps, d.people[1]);
    CHECK(m.rules[3].directions == D{Direction::outbound, Direction::internal});
    CHECK_FALSE(m.rules[4].applies());
    CHECK(m.rules[4].other_roles);
}

TEST_CASE("explain_person: who holds each role, the person left out") {
    Directory d = directory();
    std::vector<Policy> none;
    Explanation e = explain_person(d, none, d.people[0]);
    REQUIRE(e.managers.size() == 1);
    CHECK(e.managers[0]->email == "boss@co.example"); // not finance's manager
    REQUIRE(e.compliance.size() == 1);
    CHECK(e.auditors.size() == 1);
    CHECK(e.admins.size() == 1);
    CHECK(e.rules.empty());
    CHECK(explain_person(d, none, d.people[1]).managers.empty());
    CHECK(explain_person(d, none, d.people[3]).compliance.empty());
    // A department the directory lacks has no entry, and is not an error.
    CHECK(explain_person(d, none, d.people[3]).department == nullptr);
}

TEST_CASE("the notice's scene promises: a listed private address is the person") {
    Directory d = directory();
    const std::int64_t saturday_night = epoch_from_civil(2025, 3, 15, 14, 0, 0);
    // From work to one's own listed private address, after hours: two company parties.
    CHECK_FALSE(classify(&d, "rep@co.example", {"rep.home@mail.example"}, saturday_night).personal);
    // From the private address to a friend: one company party (the person), personal.
    Scene s = classify(&d, "rep.home@mail.example", {"friend@mail.example"}, saturday_night);
    CHECK(s.personal);
    CHECK(s.sender == &d.people[0]);
    // Not company mail: its direction is external, so outbound-only rules skip it.
    CHECK(s.direction == Direction::external);
}
