// Buying signals (mailscope-analytics(7), BUYING SIGNALS): per customer, how many inquiry
// mails came before each order, where inquiries and orders are their inbound mail flagged
// by policy rules of the given categories; and the routing rule that hands the Nth inquiry
// of a run to a senior salesperson.
#pragma once

#include "mailscope/analytics/comm.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace ms {

struct CustomerSignals {
    std::string customer;
    std::uint64_t inquiries = 0, orders = 0;
    std::vector<std::uint32_t> inquiries_before_order;  // one per order
    std::uint32_t open_inquiries = 0;                   // since the last order
    double mean = 0;                                    // of inquiries_before_order
};

struct Routing {
    std::int64_t message = 0;
    std::string customer, owner;  // owner: our first recipient of the inquiry
    std::int64_t date = 0;
    std::uint32_t nth = 0;        // its place in the run of inquiries
};

struct SignalsReport {
    std::vector<CustomerSignals> customers;  // with at least one inquiry or order
    double mean = 0;             // inquiries per order over all orders of all customers
    std::uint64_t orders = 0;
    std::vector<Routing> routed; // the Nth inquiry of each run
};

// `inquiries` and `orders`: ids of messages flagged with those categories. A mail that is
// both counts as an order. Only inbound mail counts.
SignalsReport buying_signals(const CommModel& model, const std::set<std::int64_t>& inquiries,
                             const std::set<std::int64_t>& orders, std::uint32_t nth);

} // namespace ms
