#include "mailscope/analytics/threads.hpp"

#include "mailscope/util/strings.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

namespace ms {

namespace {

bool strip_prefix(std::string_view& s) {
    static const char* const k_prefixes[] = {"re",  "fw",   "fwd", "aw",     "sv",     "vs",
                                             "wg",  "tr",   "rv",  "antw",   "回复",   "答复",
                                             "回覆", "转发", "轉寄", "转寄",   "轉發",   "答覆"};
    std::string_view t = trim(s);
    for (const char* p : k_prefixes) {
        std::string_view pv(p);
        if (t.size() < pv.size() || !iequals(t.substr(0, pv.size()), pv)) continue;
        std::string_view rest = t.substr(pv.size());
        // "Re[2]:" and "Re(2):" count replies; then ':' or full-width '：'.
        if (!rest.empty() && (rest[0] == '[' || rest[0] == '(')) {
            std::size_t close = rest.find(rest[0] == '[' ? ']' : ')');
            if (close == std::string_view::npos || close > 6) continue;
            rest.remove_prefix(close + 1);
        }
        rest = trim(rest);
        if (!rest.empty() && rest[0] == ':') {
            s = rest.substr(1);
            return true;
        }
        if (rest.substr(0, 3) == "\xEF\xBC\x9A") { // U+FF1A FULLWIDTH COLON
            s = rest.substr(3);
            return true;
        }
    }
    return false;
}

bool strip_tag(std::string_view& s) {
    std::string_view t = trim(s);
    if (t.empty() || t[0] != '[') return false;
    std::size_t close = t.find(']');
    if (close == std::string_view::npos || close > 60) return false;
    s = t.substr(close + 1);
    return true;
}

struct UnionFind {
    std::vector<std::size_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    std::size_t find(std::size_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    void unite(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
};

} // namespace

std::string base_subject(std::string_view subject, bool* is_reply) {
    std::string_view s = subject;
    bool reply = false;
    for (int i = 0; i < 20; ++i) {
        if (strip_prefix(s)) {
            reply = true;
            continue;
        }
        if (strip_tag(s)) continue;
        break;
    }
    if (is_reply) *is_reply = reply;
    return ascii_lower(collapse_whitespace(s));
}

std::vector<std::int64_t> compute_threads(const std::vector<ThreadInput>& msgs) {
    const std::size_t n = msgs.size();
    // Nodes 0..n-1 are messages; ghost nodes stand for referenced ids not in the case, so two
    // replies to a missing parent still share a thread.
    std::unordered_map<std::string, std::vector<std::size_t>> holders;
    for (std::size_t i = 0; i < n; ++i) {
        if (!msgs[i].message_id.empty()) holders[msgs[i].message_id].push_back(i);
        for (const auto& o : msgs[i].other_ids)
            if (o != msgs[i].message_id) holders[o].push_back(i);
    }
    std::unordered_map<std::string, std::size_t> ghosts;
    std::vector<std::size_t> ghost_first; // message that introduced each ghost
    UnionFind uf(n);

    for (std::size_t i = 0; i < n; ++i) {
        for (const auto& p : msgs[i].parents) {
            if (p == msgs[i].message_id) continue;
            auto it = holders.find(p);
            if (it != holders.end()) {
                for (std::size_t h : it->second) uf.unite(i, h);
            } else {
                auto [g, inserted] = ghosts.emplace(p, ghost_first.size());
                if (inserted) ghost_first.push_back(i);
                else uf.unite(i, ghost_first[g->second]);
            }
        }
    }

    // Subject fallback: a "Re:" without References joins the latest earlier message with the
    // same base subject that shares a participant (a reply goes back to someone involved).
    std::unordered_map<std::string, std::vector<std::size_t>> by_subject;
    std::vector<std::string> bases(n);
    std::vector<char> reply(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        bool r = false;
        bases[i] = base_subject(msgs[i].subject, &r);
        reply[i] = r;
        if (!bases[i].empty()) by_subject[bases[i]].push_back(i);
    }
    auto earlier = [&](std::size_t a, std::size_t b) {
        return msgs[a].date != msgs[b].date ? msgs[a].date < msgs[b].date : msgs[a].id < msgs[b].id;
    };
    for (auto& [base, list] : by_subject) std::sort(list.begin(), list.end(), earlier);
    constexpr std::int64_t k_window = 180LL * 86400;
    for (std::size_t i = 0; i < n; ++i) {
        if (!reply[i] || !msgs[i].parents.empty() || bases[i].empty()) continue;
        const auto& list = by_subject[bases[i]];
        std::unordered_set<std::string> people(msgs[i].recipients.begin(), msgs[i].recipients.end());
        auto pos = std::find(list.begin(), list.end(), i);
        int checked = 0;
        for (auto it = pos; it != list.begin() && checked < 200; ++checked) {
            --it;
            std::size_t j = *it;
            if (msgs[i].date && msgs[j].date && msgs[i].date - msgs[j].date > k_window) break;
            bool overlap = (!msgs[j].from.empty() && people.count(msgs[j].from)) ||
                           (!msgs[i].from.empty() && msgs[i].from == msgs[j].from);
            if (!overlap && !msgs[i].from.empty())
                for (const auto& r : msgs[j].recipients)
                    if (r == msgs[i].from) overlap = true;
            if (overlap) {
                uf.unite(i, j);
                break;
            }
        }
    }

    std::vector<std::int64_t> root_id(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t r = uf.find(i);
        if (root_id[r] == 0 || msgs[i].id < root_id[r]) root_id[r] = msgs[i].id;
    }
    std::vector<std::int64_t> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = root_id[uf.find(i)];
    return out;
}

Result<ThreadStats> update_threads(Case& c) {
    Db& db = c.db();
    ThreadStats stats;
    MS_TRY_ASSIGN(cnt, db.prepare("SELECT count(*), coalesce(max(id), 0) FROM messages"));
    MS_TRY_ASSIGN(has, cnt.step());
    std::string state = has ? std::to_string(cnt.int64(0)) + ":" + std::to_string(cnt.int64(1)) : "";
    cnt.reset();
    MS_TRY_ASSIGN(last, c.meta("threads_state"));
    stats.messages = has ? static_cast<std::uint64_t>(std::stoll(state)) : 0;
    if (last == state) {
        stats.skipped = true;
        MS_TRY_ASSIGN(tc, db.prepare("SELECT count(DISTINCT thread_id) FROM messages"));
        MS_TRY_ASSIGN(trow, tc.step());
        stats.threads = trow ? static_cast<std::uint64_t>(tc.int64(0)) : 0;
        return stats;
    }

    std::vector<ThreadInput> in;
    std::vector<std::int64_t> current;
    std::unordered_map<std::int64_t, std::size_t> index_of;
    MS_TRY_ASSIGN(st, db.prepare("SELECT id, message_id, in_reply_to, refs, subject, "
                                 "coalesce(date, 0), from_addr, coalesce(thread_id, 0) "
                                 "FROM messages ORDER BY id"));
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        ThreadInput t;
        t.id = st.int64(0);
        t.message_id = st.text(1);
        for (const auto& p : split(st.text(2), ' '))
            if (!p.empty()) t.parents.push_back(p);
        for (const auto& p : split(st.text(3), ' '))
            if (!p.empty()) t.parents.push_back(p);
        t.subject = st.text(4);
        t.date = st.int64(5);
        t.from = st.text(6);
        index_of[t.id] = in.size();
        current.push_back(st.int64(7));
        in.push_back(std::move(t));
    }
    MS_TRY_ASSIGN(other, db.prepare("SELECT DISTINCT l.message_id, l.header_message_id FROM "
                                    "locations l JOIN messages m ON m.id = l.message_id "
                                    "WHERE l.header_message_id != m.message_id AND "
                                    "l.header_message_id != ''"));
    for (;;) {
        MS_TRY_ASSIGN(row, other.step());
        if (!row) break;
        auto it = index_of.find(other.int64(0));
        if (it != index_of.end()) in[it->second].other_ids.push_back(other.text(1));
    }
    MS_TRY_ASSIGN(rc, db.prepare("SELECT message_id, addr FROM recipients WHERE kind IN "
                                 "('to','cc','bcc') AND addr != ''"));
    for (;;) {
        MS_TRY_ASSIGN(row, rc.step());
        if (!row) break;
        auto it = index_of.find(rc.int64(0));
        if (it != index_of.end()) in[it->second].recipients.push_back(rc.text(1));
    }

    std::vector<std::int64_t> threads = compute_threads(in);
    MS_TRY_ASSIGN(tx, Transaction::begin(db));
    MS_TRY_ASSIGN(upd, db.prepare("UPDATE messages SET thread_id=? WHERE id=?"));
    MS_TRY_ASSIGN(queue, db.prepare("INSERT OR IGNORE INTO pending_index(message_id) VALUES (?)"));
    std::unordered_set<std::int64_t> distinct;
    for (std::size_t i = 0; i < in.size(); ++i) {
        distinct.insert(threads[i]);
        if (threads[i] == current[i]) continue;
        upd.bind(1, threads[i]).bind(2, in[i].id);
        MS_TRY(upd.run());
        queue.bind(1, in[i].id);
        MS_TRY(queue.run());
        ++stats.changed;
    }
    MS_TRY(c.set_meta("threads_state", state));
    MS_TRY(tx.commit());
    stats.threads = distinct.size();
    return stats;
}

} // namespace ms
