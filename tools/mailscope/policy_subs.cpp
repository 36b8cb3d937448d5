#include "policy_sub.hpp"

namespace ms::cli {

std::vector<std::unique_ptr<PolicySub>> make_policy_subs() {
    std::vector<std::unique_ptr<PolicySub>> v;
    v.push_back(make_policy_test());
    v.push_back(make_policy_add());
    v.push_back(make_policy_list());
    v.push_back(make_policy_learn());
    v.push_back(make_policy_suggest());
    v.push_back(make_policy_explain());
    v.push_back(make_policy_propose());
    v.push_back(make_policy_vote());
    v.push_back(make_policy_proposals());
    v.push_back(make_policy_adopt());
    v.push_back(make_policy_reject());
    return v;
}

} // namespace ms::cli
