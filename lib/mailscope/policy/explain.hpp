// What is monitored for one person (`mailscope policy explain`): which rules check the mail
// they send, in which directions, and who in the directory holds which role. The scope check
// is the scan's own (rule_applies), so the notice cannot promise less than a scan does.
#pragma once

#include "mailscope/policy/policy.hpp"

#include <vector>

namespace ms {

// How one rule stands to the person's sent mail.
struct RuleFit {
    const Policy* policy = nullptr;
    const Rule* rule = nullptr;
    // The directions of the person's sent mail the rule checks; empty: it does not apply.
    std::vector<Direction> directions;
    bool other_roles = false;        // not applying: the scope names roles, not theirs
    bool other_departments = false;  // not applying: the scope names departments, not theirs
    bool applies() const { return !directions.empty(); }
};

struct Explanation {
    const Person* person = nullptr;
    const Department* department = nullptr;    // null when the directory lacks it
    std::vector<RuleFit> rules;                // every rule, policies and rules in file order
    // The others who hold each role, in directory order (the person is in none of them).
    std::vector<const Person*> managers;       // of the person's department
    std::vector<const Person*> compliance, auditors, admins;
};

// `person` must belong to `dir`; the result points into `dir`, `policies` and `person`.
Explanation explain_person(const Directory& dir, const std::vector<Policy>& policies,
                           const Person& person);

} // namespace ms
