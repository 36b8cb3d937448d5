#include "mailscope/report/dossier.hpp"

#include "mailscope/analytics/threads.hpp"
#include "mailscope/store/flags.hpp"
#include "mailscope/util/strings.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace ms {

namespace {

bool contains_any(const std::string& low, std::initializer_list<const char*> words) {
    for (const char* w : words)
        if (low.find(w) != std::string::npos) return true;
    return false;
}

template <typename Map> std::vector<std::string> by_count(const Map& m) {
    std::vector<std::pair<std::string, std::uint64_t>> v(m.begin(), m.end());
    std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.second > b.second; });
    std::vector<std::string> out;
    for (auto& [k, n] : v) out.push_back(k);
    return out;
}

} // namespace

std::string event_kind(const std::string& subject) {
    std::string low = ascii_lower(subject);
    if (contains_any(low, {"投诉", "退款", "退货", "不良", "损坏", "complaint", "damaged", "defect",
                           "refund", "warranty claim", "where is"}))
        return "complaint";
    if (contains_any(low, {"报价", "方案", "提案", "報價", "quotation", "quote", "proposal", "offer",
                           "rfq"}))
        return "proposal";
    if (contains_any(low, {"价格", "折扣", "优惠", "價格", "price", "discount", "rebate"}))
        return "price";
    return "";
}

std::vector<Dossier> build_dossiers(const CommModel& model, const DossierInput& in) {
    std::set<std::string> me(in.employee.begin(), in.employee.end());
    std::set<std::string> wanted(in.customers.begin(), in.customers.end());
    auto involves_me = [&](const CommMessage& m) {
        if (me.count(m.from)) return true;
        for (const auto* l : {&m.to, &m.cc})
            for (const auto& a : *l)
                if (me.count(a)) return true;
        return false;
    };
    std::int64_t as_of = in.as_of ? in.as_of : model.last;
    std::map<std::string, CommModel> per;  // each customer's mail with the employee
    for (const auto& m : model.messages) {
        if (m.date > as_of) break;
        if (m.dir != Direction::inbound && m.dir != Direction::outbound) continue;
        if (!involves_me(m)) continue;
        for (const auto& c : m.customers) {
            if (!wanted.empty() && !wanted.count(c)) continue;
            CommMessage copy = m;
            copy.customers = {c};
            per[c].messages.push_back(std::move(copy));
        }
    }
    std::vector<Dossier> out;
    for (auto& [customer, sub] : per) {
        sub.first = sub.messages.front().date;
        sub.last = sub.messages.back().date;
        CustomerOptions co;
        co.as_of = as_of;
        co.escalate_after = -1;  // every mail of the open run is an open point
        co.utc_offset = in.utc_offset;
        CustomerReport cr = customer_stats(sub, co);
        Dossier d;
        d.customer = customer;
        if (!cr.customers.empty()) {
            const CustomerStats& s = cr.customers.front();
            d.first = s.first;
            d.last = s.last;
            d.inbound = s.inbound;
            d.outbound = s.outbound;
            d.months = s.months;
            d.our_reply = s.our;
            d.their_reply = s.their;
        }
        std::map<std::string, std::uint64_t> contacts, colleagues;
        // One event per kind and subject within a thread: "Re: RFQ" repeats the RFQ, a second
        // quote under a new subject in the same thread is an event of its own.
        std::set<std::tuple<std::int64_t, std::string, std::string>> seen_events;
        std::map<std::int64_t, std::size_t> thread_last;  // thread -> its last message here
        // A plain reference: clang before 16 cannot capture a structured binding in a lambda.
        const auto& this_customer = customer;
        for (const auto& m : sub.messages) {
            auto party = [&](const std::string& a) {
                if (me.count(a)) return;
                if (in.parties && in.parties->is_work(a)) ++colleagues[a];
                else if (!in.parties || in.parties->customer(a) == this_customer) ++contacts[a];
            };
            party(m.from);
            for (const auto* l : {&m.to, &m.cc})
                for (const auto& a : *l) party(a);
            if (&m == &sub.messages.front())
                d.events.push_back({m.date, m.id, "first-contact", m.subject});
            std::string kind = event_kind(m.subject);
            if (!kind.empty() && seen_events.insert({m.thread, kind, base_subject(m.subject)}).second)
                d.events.push_back({m.date, m.id, kind, m.subject});
            thread_last[m.thread] = static_cast<std::size_t>(&m - sub.messages.data());
            auto f = in.flags.find(m.id);
            if (f != in.flags.end())
                for (const auto& fl : f->second) {
                    if (tier_rank(fl.tier) < tier_rank("approval")) continue;
                    d.events.push_back({m.date, m.id, "flagged", fl.rule + " (" + fl.tier + ")"});
                    d.open_points.push_back({m.date, m.id, "approval-flag",
                                             fl.rule + " (" + fl.tier + "): " + m.subject});
                    if (me.count(m.from) && m.dir == Direction::outbound &&
                        as_of - m.date <= in.promise_window)
                        d.open_points.push_back({m.date, m.id, "promise", fl.rule + ": " + m.subject});
                }
            auto at = in.attachments.find(m.id);
            if (at != in.attachments.end() && me.count(m.from) && m.dir == Direction::outbound)
                for (const auto& a : at->second) d.documents.push_back({m.date, m.id, a});
        }
        std::set<std::int64_t> unanswered;
        for (const auto& e : cr.escalations) {
            d.open_points.push_back({e.date, e.message, "unanswered", e.subject});
            unanswered.insert(e.message);
        }
        // Threads whose last word is theirs (we wrote to them since, but not there), and our
        // proposals they have not answered in their thread.
        for (const auto& [thread, at] : thread_last) {
            const CommMessage& m = sub.messages[at];
            if (m.dir == Direction::inbound && !unanswered.count(m.id))
                d.open_points.push_back({m.date, m.id, "open-thread", m.subject});
            else if (m.dir == Direction::outbound && me.count(m.from) && event_kind(m.subject) == "proposal")
                d.open_points.push_back({m.date, m.id, "awaiting-reply", m.subject});
        }
        d.contacts.clear();
        for (const auto& a : by_count(contacts)) d.contacts.push_back({a, contacts[a], ""});
        d.colleagues = by_count(colleagues);
        auto by_date = [](const auto& a, const auto& b) {
            return a.date != b.date ? a.date < b.date : a.message < b.message;
        };
        std::stable_sort(d.events.begin(), d.events.end(), by_date);
        std::stable_sort(d.open_points.begin(), d.open_points.end(), by_date);
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace ms
