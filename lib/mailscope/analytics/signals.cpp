#include "mailscope/analytics/signals.hpp"

#include <map>
#include <numeric>

namespace ms {

SignalsReport buying_signals(const CommModel& model, const std::set<std::int64_t>& inquiries,
                             const std::set<std::int64_t>& orders, std::uint32_t nth) {
    SignalsReport rep;
    std::map<std::string, CustomerSignals> by;
    std::uint64_t all_inquiries_before = 0;
    for (const auto& m : model.messages) {
        if (m.dir != Direction::inbound || m.customers.empty()) continue;
        bool order = orders.count(m.id) != 0;
        bool inquiry = !order && inquiries.count(m.id) != 0;
        if (!order && !inquiry) continue;
        CustomerSignals& c = by[m.customers.front()];
        c.customer = m.customers.front();
        if (order) {
            ++c.orders;
            c.inquiries_before_order.push_back(c.open_inquiries);
            all_inquiries_before += c.open_inquiries;
            ++rep.orders;
            c.open_inquiries = 0;
        } else {
            ++c.inquiries;
            ++c.open_inquiries;
            if (nth && c.open_inquiries == nth)
                rep.routed.push_back({m.id, c.customer, m.owner, m.date, c.open_inquiries});
        }
    }
    for (auto& [k, c] : by) {
        if (!c.inquiries_before_order.empty())
            c.mean = static_cast<double>(std::accumulate(c.inquiries_before_order.begin(),
                                                         c.inquiries_before_order.end(), 0u)) /
                     static_cast<double>(c.inquiries_before_order.size());
        rep.customers.push_back(std::move(c));
    }
    rep.mean = rep.orders ? static_cast<double>(all_inquiries_before) / static_cast<double>(rep.orders) : 0;
    return rep;
}

} // namespace ms
