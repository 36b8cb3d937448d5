#include "mailscope/policy/scene.hpp"

#include <set>

namespace ms {

Scene classify(const Directory* dir, const std::string& from,
               const std::vector<std::string>& recipients, std::optional<std::int64_t> date) {
    Scene s;
    if (!dir) return s;
    s.known = true;
    s.sender = from.empty() ? nullptr : dir->person(from);
    bool sender_internal = !from.empty() && dir->is_work_address(from);
    bool any_internal_rcpt = false, any_external_rcpt = false;
    for (const auto& r : recipients) {
        if (dir->is_work_address(r)) any_internal_rcpt = true;
        else any_external_rcpt = true;
    }
    if (sender_internal)
        s.direction = any_external_rcpt ? Direction::outbound : Direction::internal;
    else
        s.direction = any_internal_rcpt ? Direction::inbound : Direction::external;

    // Personal: exactly one company party, every other party neither company nor customer,
    // and sent outside the working hours of the organisation's time zone. A private address
    // the directory gives a person (`also`) is that person, not an outsider: mail from work
    // to one's own gmail is exactly what compliance must see.
    if (!date) return s;
    std::set<std::string> parties(recipients.begin(), recipients.end());
    if (!from.empty()) parties.insert(from);
    int internal = 0, others = 0;
    for (const auto& p : parties) {
        if (dir->is_work_address(p) || dir->person(p)) {
            ++internal;
        } else {
            if (dir->customer(p)) return s;
            ++others;
        }
    }
    s.personal = internal == 1 && others > 0 && !dir->within_working_hours(*date);
    return s;
}

} // namespace ms
