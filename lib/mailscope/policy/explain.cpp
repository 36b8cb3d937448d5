#include "mailscope/policy/explain.hpp"

#include "mailscope/policy/evaluate.hpp"

#include <algorithm>

namespace ms {

Explanation explain_person(const Directory& dir, const std::vector<Policy>& policies,
                           const Person& person) {
    Explanation e;
    e.person = &person;
    e.department = dir.department(person.department);
    for (const Policy& p : policies)
        for (const Rule& r : p.rules) {
            RuleFit fit;
            fit.policy = &p;
            fit.rule = &r;
            // The sender is this person; which way the mail goes decides the rest.
            for (Direction d : {Direction::outbound, Direction::internal, Direction::inbound,
                                Direction::external}) {
                Scene s;
                s.direction = d;
                s.sender = &person;
                s.known = true;
                if (rule_applies(r, s)) fit.directions.push_back(d);
            }
            const Scope& sc = r.scope;
            fit.other_roles = !sc.roles.empty() &&
                              std::find(sc.roles.begin(), sc.roles.end(), person.role) ==
                                  sc.roles.end();
            fit.other_departments =
                !sc.departments.empty() &&
                std::find(sc.departments.begin(), sc.departments.end(), person.department) ==
                    sc.departments.end();
            e.rules.push_back(std::move(fit));
        }
    for (const Person& p : dir.people) {
        if (p.email == person.email) continue;
        switch (p.role) {
        case Role::manager:
            if (p.department == person.department) e.managers.push_back(&p);
            break;
        case Role::compliance: e.compliance.push_back(&p); break;
        case Role::auditor: e.auditors.push_back(&p); break;
        case Role::admin: e.admins.push_back(&p); break;
        case Role::employee: break;
        }
    }
    return e;
}

} // namespace ms
