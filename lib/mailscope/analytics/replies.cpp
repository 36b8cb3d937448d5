#include "mailscope/analytics/replies.hpp"

#include "mailscope/util/time.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <unordered_map>

namespace ms {

Summary summarize(std::vector<std::int64_t> v) {
    Summary s;
    s.count = v.size();
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    std::size_t n = v.size();
    s.median = n % 2 ? static_cast<double>(v[n / 2])
                     : (static_cast<double>(v[n / 2 - 1]) + static_cast<double>(v[n / 2])) / 2;
    s.mean = static_cast<double>(std::accumulate(v.begin(), v.end(), std::int64_t{0})) /
             static_cast<double>(n);
    return s;
}

std::string month_of(std::int64_t t, int offset_min) {
    Civil c = civil_from_epoch(t + static_cast<std::int64_t>(offset_min) * 60);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", c.year, c.month);
    return buf;
}

namespace {

bool addressed_to(const CommMessage& m, const std::string& a) {
    return std::find(m.to.begin(), m.to.end(), a) != m.to.end() ||
           std::find(m.cc.begin(), m.cc.end(), a) != m.cc.end();
}

} // namespace

CustomerReport customer_stats(const CommModel& model, const CustomerOptions& opts) {
    CustomerReport rep;
    rep.as_of = opts.as_of ? opts.as_of : model.last;
    auto offset = [&](std::int64_t t) { return opts.utc_offset ? opts.utc_offset(t) : 0; };

    struct State {
        CustomerStats s;
        bool in_run = false, out_run = false;   // an open run of theirs / ours
        std::int64_t run_start = 0, out_start = 0;
        std::uint32_t run = 0;
        std::vector<std::size_t> run_msgs;      // their unanswered messages
        std::map<std::string, std::uint64_t> contacts;
    };
    std::map<std::string, State> by;
    for (std::size_t i = 0; i < model.messages.size(); ++i) {
        const CommMessage& m = model.messages[i];
        if (m.date > rep.as_of) break;
        if (m.dir != Direction::inbound && m.dir != Direction::outbound) continue;
        for (const auto& c : m.customers) {
            State& st = by[c];
            CustomerStats& s = st.s;
            if (s.customer.empty()) {
                s.customer = c;
                s.first = m.date;
            }
            s.last = m.date;
            std::string month = month_of(m.date, offset(m.date));
            if (m.dir == Direction::inbound) {
                ++s.inbound;
                ++s.months[month].inbound;
                if (st.out_run) {
                    s.their_reply.push_back(m.date - st.out_start);
                    s.their_reply_from.push_back(st.out_start);
                    st.out_run = false;
                }
                if (!st.in_run) {
                    st.in_run = true;
                    st.run_start = m.date;
                    st.run = 0;
                    st.run_msgs.clear();
                }
                ++st.run;
                st.run_msgs.push_back(i);
                s.longest_run = std::max(s.longest_run, st.run);
            } else {
                ++s.outbound;
                ++s.months[month].outbound;
                ++st.contacts[m.from];
                if (st.in_run) {
                    s.our_reply.push_back(m.date - st.run_start);
                    s.our_reply_from.push_back(st.run_start);
                    st.in_run = false;
                    st.run = 0;
                    st.run_msgs.clear();
                }
                if (!st.out_run) {
                    st.out_run = true;
                    st.out_start = m.date;
                }
            }
        }
    }
    for (auto& [name, st] : by) {
        CustomerStats& s = st.s;
        s.our = summarize(s.our_reply);
        s.their = summarize(s.their_reply);
        if (st.in_run) {
            s.current_run = st.run;
            s.current_run_since = st.run_start;
            for (std::size_t i : st.run_msgs) {
                const CommMessage& m = model.messages[i];
                if (rep.as_of - m.date <= opts.escalate_after) continue;
                Escalation e;
                e.message = m.id;
                e.customer = name;
                e.date = m.date;
                e.waiting = rep.as_of - m.date;
                e.from = m.from;
                e.subject = m.subject;
                e.owner = m.owner;
                rep.escalations.push_back(std::move(e));
            }
        }
        std::vector<std::pair<std::string, std::uint64_t>> c(st.contacts.begin(), st.contacts.end());
        std::stable_sort(c.begin(), c.end(), [](auto& a, auto& b) { return a.second > b.second; });
        for (auto& [who, n] : c) s.contacts.push_back(who);
        rep.customers.push_back(std::move(s));
    }
    std::stable_sort(rep.escalations.begin(), rep.escalations.end(),
                     [](const Escalation& a, const Escalation& b) {
                         return a.waiting != b.waiting ? a.waiting > b.waiting : a.message < b.message;
                     });
    return rep;
}

std::vector<std::ptrdiff_t> answered_messages(const CommModel& model) {
    const auto& ms = model.messages;
    std::vector<std::ptrdiff_t> out(ms.size(), -1);
    std::unordered_map<std::string, std::size_t> by_mid;
    std::unordered_map<std::int64_t, std::vector<std::size_t>> by_thread;
    for (std::size_t i = 0; i < ms.size(); ++i) {
        const CommMessage& r = ms[i];
        bool found = false;
        for (const auto& p : r.parents) {
            auto it = by_mid.find(p);
            if (it != by_mid.end() && ms[it->second].date <= r.date) {
                out[i] = static_cast<std::ptrdiff_t>(it->second);
                found = true;
                break;
            }
        }
        if (!found && r.parents.empty()) {
            auto t = by_thread.find(r.thread);
            if (t != by_thread.end())
                for (auto j = t->second.rbegin(); j != t->second.rend(); ++j) {
                    const CommMessage& m = ms[*j];
                    if (m.from != r.from && addressed_to(m, r.from) && addressed_to(r, m.from)) {
                        out[i] = static_cast<std::ptrdiff_t>(*j);
                        break;
                    }
                }
        }
        if (!r.message_id.empty()) by_mid.emplace(r.message_id, i);
        by_thread[r.thread].push_back(i);
    }
    return out;
}

std::vector<ReplyCell> department_reply_times(const CommModel& model, const Directory& dir) {
    const auto& ms = model.messages;
    auto answered = answered_messages(model);
    auto dept = [&](const std::string& a) -> std::string {
        const Person* p = dir.person(a);
        return p ? p->department : std::string();
    };
    // (message, replier department) -> first reply time
    std::map<std::pair<std::size_t, std::string>, std::int64_t> first;
    for (std::size_t i = 0; i < ms.size(); ++i) {
        if (answered[i] < 0) continue;
        std::size_t q = static_cast<std::size_t>(answered[i]);
        if (ms[q].dir != Direction::internal || ms[i].dir != Direction::internal) continue;
        if (ms[i].from == ms[q].from) continue;  // a follow-up of one's own mail is no reply
        std::string from_d = dept(ms[q].from), to_d = dept(ms[i].from);
        if (from_d.empty() || to_d.empty()) continue;
        auto key = std::make_pair(q, to_d);
        if (!first.count(key)) first[key] = ms[i].date - ms[q].date;
    }
    std::map<std::pair<std::string, std::string>, ReplyCell> cells;
    for (const auto& [key, t] : first) {
        std::string from_d = dept(ms[key.first].from);
        ReplyCell& c = cells[{from_d, key.second}];
        c.from_department = from_d;
        c.to_department = key.second;
        c.times.push_back(t);
    }
    std::vector<ReplyCell> out;
    for (auto& [k, c] : cells) {
        c.summary = summarize(c.times);
        out.push_back(std::move(c));
    }
    return out;
}

CcReport cc_stats(const CommModel& model, std::uint32_t min_cc) {
    CcReport rep;
    rep.min_cc = min_cc;
    const auto& ms = model.messages;
    auto answered = answered_messages(model);
    std::vector<std::int64_t> first_reply(ms.size(), -1);
    for (std::size_t i = 0; i < ms.size(); ++i) {
        if (answered[i] < 0) continue;
        std::size_t q = static_cast<std::size_t>(answered[i]);
        if (ms[i].from == ms[q].from) continue;
        if (first_reply[q] < 0) first_reply[q] = ms[i].date - ms[q].date;
    }
    const std::pair<const char*, std::pair<std::uint32_t, std::uint32_t>> k_buckets[] = {
        {"0", {0, 0}}, {"1-2", {1, 2}}, {"3-5", {3, 5}}, {"6-10", {6, 10}}, {"11+", {11, UINT32_MAX}}};
    for (const auto& [label, range] : k_buckets) {
        CcBucket b;
        b.label = label;
        b.low = range.first;
        b.high = range.second;
        rep.buckets.push_back(b);
    }
    std::vector<std::vector<std::int64_t>> times(rep.buckets.size());
    std::map<std::string, CcSender> senders;
    for (std::size_t i = 0; i < ms.size(); ++i) {
        auto n = static_cast<std::uint32_t>(ms[i].cc.size());
        for (std::size_t b = 0; b < rep.buckets.size(); ++b)
            if (n >= rep.buckets[b].low && n <= rep.buckets[b].high) {
                ++rep.buckets[b].messages;
                if (first_reply[i] >= 0) {
                    ++rep.buckets[b].answered;
                    times[b].push_back(first_reply[i]);
                }
            }
        if (n > min_cc) {
            rep.heavy.push_back(i);
            CcSender& s = senders[ms[i].from];
            s.sender = ms[i].from;
            ++s.messages;
            s.cc_total += n;
        }
    }
    for (std::size_t b = 0; b < rep.buckets.size(); ++b) rep.buckets[b].reply = summarize(times[b]);
    for (auto& [k, s] : senders) rep.senders.push_back(s);
    std::stable_sort(rep.senders.begin(), rep.senders.end(), [](const CcSender& a, const CcSender& b) {
        return a.messages != b.messages ? a.messages > b.messages : a.cc_total > b.cc_total;
    });
    return rep;
}

} // namespace ms
