#include "policy_sub.hpp"

namespace ms::cli {

std::vector<std::unique_ptr<PolicySub>> make_policy_subs() {
    std::vector<std::unique_ptr<PolicySub>> v;
    v.push_back(make_policy_test());
    v.push_back(make_policy_add());
    v.push_back(make_policy_list());
    v.push_back(make_policy_learn());
    v.push_back(make_policy_explain());
    return v;
}

} // namespace ms::cli
