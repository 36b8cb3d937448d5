#include "mailscope/index/shards.hpp"

#include "mailscope/index/xapian_error.hpp"
#include "mailscope/util/fs.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

namespace ms {

namespace fs = std::filesystem;

// A message belongs to the custodian of the place it was first found (its first location:
// later copies elsewhere never move it to another shard).
constexpr const char* k_first_custodian =
    "(SELECT l.custodian FROM locations l WHERE l.message_id = m.id ORDER BY l.id LIMIT 1)";

const char* shard_by_name(ShardBy b) { return b == ShardBy::date ? "date" : "custodian"; }

std::optional<ShardBy> parse_shard_by(const std::string& s) {
    if (s == "custodian") return ShardBy::custodian;
    if (s == "date") return ShardBy::date;
    return std::nullopt;
}

std::string shard_dir(const Case& c, int shard) {
    char name[16];
    std::snprintf(name, sizeof name, "%02d", shard);
    return c.dir() + "/shards/" + name;
}

std::string describe_shard(const Case& c, const Shard& s) {
    return "shard " + std::to_string(s.number) +
           (s.remote.empty() ? " (" + shard_dir(c, s.number) + ")" : " (remote " + s.remote + ")");
}

Result<std::pair<std::string, int>> parse_host_port(const std::string& s) {
    std::size_t colon = s.rfind(':');
    auto bad = [&](const std::string& why) {
        return fail(Errc::usage, "'" + s + "': " + why, "write HOST:PORT, e.g. 127.0.0.1:8100");
    };
    if (colon == std::string::npos || colon == 0) return bad("no host:port");
    std::string port = s.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        return bad("the port is not a number");
    int p = std::stoi(port);
    if (p < 1 || p > 65535) return bad("the port must lie between 1 and 65535");
    return std::make_pair(s.substr(0, colon), p);
}

Result<ShardLayout> load_shards(Db& db) {
    ShardLayout layout;
    MS_TRY_ASSIGN(by, db.prepare("SELECT value FROM meta WHERE key='shard_by'"));
    MS_TRY_ASSIGN(has_by, by.step());
    if (has_by) layout.by = parse_shard_by(by.text(0)).value_or(ShardBy::custodian);
    MS_TRY_ASSIGN(q, db.prepare("SELECT shard, date_from, coalesce(remote, ''), timeout_ms "
                                "FROM shards ORDER BY shard"));
    for (;;) {
        MS_TRY_ASSIGN(row, q.step());
        if (!row) break;
        Shard s;
        s.number = static_cast<int>(q.int64(0));
        if (!q.is_null(1)) s.date_from = q.int64(1);
        s.remote = q.text(2);
        s.timeout_ms = static_cast<int>(q.int64(3));
        if (s.number != static_cast<int>(layout.shards.size()))
            return fail(Errc::database, db.path() + ": the shards are not numbered 0.." +
                                            std::to_string(layout.shards.size()),
                        "run `mailscope index --shards N` to lay the index out again");
        layout.shards.push_back(std::move(s));
    }
    MS_TRY_ASSIGN(cq, db.prepare("SELECT custodian, shard FROM shard_custodians ORDER BY custodian"));
    for (;;) {
        MS_TRY_ASSIGN(row, cq.step());
        if (!row) break;
        auto n = static_cast<std::size_t>(cq.int64(1));
        if (n < layout.shards.size()) layout.shards[n].custodians.push_back(cq.text(0));
    }
    return layout;
}

Result<ShardLayout> plan_shards(Db& db, int n, ShardBy by) {
    if (n < 1 || n > 64)
        return fail(Errc::usage, "--shards " + std::to_string(n) + ": between 1 and 64 shards",
                    "one shard per machine or disk is the usual choice");
    ShardLayout layout;
    layout.by = by;
    if (n == 1) return layout;
    for (int i = 0; i < n; ++i) layout.shards.push_back(Shard{i, {}, "", 30000, {}});
    if (by == ShardBy::date) {
        MS_TRY_ASSIGN(q, db.prepare("SELECT date FROM messages WHERE date IS NOT NULL ORDER BY date"));
        std::vector<std::int64_t> dates;
        for (;;) {
            MS_TRY_ASSIGN(row, q.step());
            if (!row) break;
            dates.push_back(q.int64(0));
        }
        if (dates.size() < static_cast<std::size_t>(n))
            return fail(Errc::usage, "--shards " + std::to_string(n) + " by date: the case has only " +
                                         std::to_string(dates.size()) + " dated messages",
                        "import the mail first, or ask for fewer shards");
        for (int i = 1; i < n; ++i)
            layout.shards[i].date_from = dates[dates.size() * static_cast<std::size_t>(i) / n];
        return layout;
    }
    MS_TRY_ASSIGN(q, db.prepare(std::string("SELECT coalesce(") + k_first_custodian +
                                ", ''), count(*) FROM messages m GROUP BY 1 ORDER BY 2 DESC, 1"));
    std::vector<std::int64_t> load(n, 0);
    int custodians = 0;
    for (;;) {
        MS_TRY_ASSIGN(row, q.step());
        if (!row) break;
        auto least = std::min_element(load.begin(), load.end()) - load.begin();
        load[least] += q.int64(1);
        layout.shards[least].custodians.push_back(q.text(0));
        ++custodians;
    }
    if (custodians < n)
        return fail(Errc::usage, "--shards " + std::to_string(n) + " by custodian: the case has " +
                                     std::to_string(custodians) + " custodian(s)",
                    "ask for at most that many shards, or shard by date (--shard-by date)");
    for (Shard& s : layout.shards) std::sort(s.custodians.begin(), s.custodians.end());
    return layout;
}

namespace {

Result<void> remove_tree(const std::string& path) {
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec) return fail(Errc::io, path + ": cannot remove: " + ec.message());
    return ok();
}

} // namespace

Result<void> write_stub(Case& c, const ShardLayout& layout) {
    std::string stub;
    for (const Shard& s : layout.shards) {
        char name[16];
        std::snprintf(name, sizeof name, "%02d", s.number);
        stub += s.remote.empty() ? std::string("glass ") + name + "\n" : "remote " + s.remote + "\n";
    }
    std::error_code ec;
    fs::create_directories(c.dir() + "/shards", ec);
    return write_file_atomic(c.dir() + "/shards/XAPIANDB", stub, 0600);
}

Result<void> reshard(Case& c, const ShardLayout& layout) {
    Db& db = c.db();
    MS_TRY_ASSIGN(old, load_shards(db));
    for (const Shard& s : old.shards)
        if (!s.remote.empty())
            return fail(Errc::conflict,
                        describe_shard(c, s) + " is served from another machine",
                        "copy it back into " + shard_dir(c, s.number) + " and run `mailscope "
                        "shards --local " + std::to_string(s.number) + "` before re-sharding");
    // The old index goes first: killed after this, the case still has the old layout and no
    // index, which the next `mailscope index` rebuilds.
    MS_TRY(remove_tree(c.index_dir()));
    MS_TRY(remove_tree(c.dir() + "/shards"));
    MS_TRY_ASSIGN(tx, Transaction::begin(db));
    MS_TRY(db.exec("DELETE FROM shard_custodians; DELETE FROM shards"));
    MS_TRY_ASSIGN(by, db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('shard_by', ?)"));
    MS_TRY(by.bind(1, shard_by_name(layout.by)).run());
    MS_TRY_ASSIGN(ins, db.prepare("INSERT INTO shards(shard, date_from) VALUES (?, ?)"));
    MS_TRY_ASSIGN(cus, db.prepare("INSERT INTO shard_custodians(custodian, shard) VALUES (?, ?)"));
    for (const Shard& s : layout.shards) {
        MS_TRY(ins.bind(1, s.number).bind(2, s.date_from).run());
        ins.reset();
        for (const std::string& who : s.custodians) {
            MS_TRY(cus.bind(1, who).bind(2, s.number).run());
            cus.reset();
        }
    }
    MS_TRY(db.exec("INSERT OR IGNORE INTO pending_index SELECT id FROM messages"));
    MS_TRY(tx.commit());
    return layout.sharded() ? write_stub(c, layout) : ok();
}

Result<void> set_shard_remote(Case& c, int shard, const std::string& host_port, int timeout_ms) {
    MS_TRY(parse_host_port(host_port));
    MS_TRY_ASSIGN(layout, load_shards(c.db()));
    if (shard < 0 || shard >= static_cast<int>(layout.shards.size()))
        return fail(Errc::not_found, c.dir() + ": no shard " + std::to_string(shard),
                    layout.sharded() ? "`mailscope shards` lists them"
                                     : "the index is not sharded: `mailscope index --shards N`");
    MS_TRY_ASSIGN(q, c.db().prepare("UPDATE shards SET remote=?, timeout_ms=? WHERE shard=?"));
    MS_TRY(q.bind(1, host_port).bind(2, timeout_ms).bind(3, shard).run());
    MS_TRY_ASSIGN(now, load_shards(c.db()));
    return write_stub(c, now);
}

Result<void> set_shard_local(Case& c, int shard) {
    MS_TRY_ASSIGN(layout, load_shards(c.db()));
    if (shard < 0 || shard >= static_cast<int>(layout.shards.size()))
        return fail(Errc::not_found, c.dir() + ": no shard " + std::to_string(shard),
                    "`mailscope shards` lists them");
    std::error_code ec;
    std::string dir = shard_dir(c, shard);
    if (!fs::exists(dir + "/iamglass", ec))
        return fail(Errc::not_found, dir + ": no Xapian database here",
                    "copy the shard's folder back from the machine that serves it first");
    MS_TRY_ASSIGN(q, c.db().prepare("UPDATE shards SET remote=NULL WHERE shard=?"));
    MS_TRY(q.bind(1, shard).run());
    MS_TRY_ASSIGN(now, load_shards(c.db()));
    return write_stub(c, now);
}

Result<Xapian::Database> open_shard(Case& c, const Shard& s) {
    std::error_code ec;
    try {
        if (s.remote.empty()) {
            std::string dir = shard_dir(c, s.number);
            if (!fs::exists(dir + "/iamglass", ec))
                return fail(Errc::not_found, describe_shard(c, s) + ": not built yet",
                            "run `mailscope index --case " + c.dir() + "`");
            return Xapian::Database(dir);
        }
        MS_TRY_ASSIGN(hp, parse_host_port(s.remote));
        auto t = static_cast<unsigned>(s.timeout_ms);
        return Xapian::Remote::open(hp.first, static_cast<unsigned>(hp.second), t, t);
    } catch (const Xapian::Error& e) {
        return fail(xapian_error(e, describe_shard(c, s)));
    }
}

Result<Xapian::Database> open_index(Case& c, const ShardLayout& layout) {
    std::error_code ec;
    if (!layout.sharded()) {
        if (!fs::exists(c.index_dir(), ec))
            return fail(Errc::not_found, c.dir() + ": the case has no index yet",
                        "run `mailscope index --case " + c.dir() + "`");
        try {
            return Xapian::Database(c.index_dir());
        } catch (const Xapian::Error& e) {
            return fail(xapian_error(e, c.index_dir()));
        }
    }
    Xapian::Database db;
    for (const Shard& s : layout.shards) {
        MS_TRY_ASSIGN(one, open_shard(c, s));
        db.add_database(one);
    }
    return db;
}

Result<ShardRouter> ShardRouter::create(Db& db, const ShardLayout& layout) {
    ShardRouter r(db, layout);
    r.m_load.assign(layout.shards.size(), 0);
    for (const Shard& s : layout.shards)
        for (const std::string& who : s.custodians) r.m_custodians.emplace_back(who, s.number);
    std::sort(r.m_custodians.begin(), r.m_custodians.end());
    MS_TRY_ASSIGN(lookup, db.prepare(std::string("SELECT m.date, coalesce(") + k_first_custodian +
                                     ", '') FROM messages m WHERE m.id=?"));
    r.m_lookup.emplace(std::move(lookup));
    if (layout.by == ShardBy::custodian && layout.sharded()) {
        MS_TRY_ASSIGN(q, db.prepare(std::string("SELECT sc.shard, count(*) FROM messages m "
                                                "JOIN shard_custodians sc ON sc.custodian = ") +
                                    k_first_custodian + " GROUP BY 1"));
        for (;;) {
            MS_TRY_ASSIGN(row, q.step());
            if (!row) break;
            auto n = static_cast<std::size_t>(q.int64(0));
            if (n < r.m_load.size()) r.m_load[n] = q.int64(1);
        }
    }
    return r;
}

Result<int> ShardRouter::shard_of(std::int64_t message_id) {
    if (!m_layout->sharded()) return 0;
    Stmt& q = *m_lookup;
    q.bind(1, message_id);
    MS_TRY_ASSIGN(row, q.step());
    if (!row) {
        q.reset();
        return fail(Errc::not_found, "message " + std::to_string(message_id) + " is not in the case");
    }
    std::optional<std::int64_t> date;
    if (!q.is_null(0)) date = q.int64(0);
    std::string custodian = q.text(1);
    q.reset();
    if (m_layout->by == ShardBy::date) {
        int s = 0;
        if (date)
            for (const Shard& sh : m_layout->shards)
                if (sh.date_from && *sh.date_from <= *date) s = sh.number;
        return s;
    }
    auto it = std::lower_bound(m_custodians.begin(), m_custodians.end(),
                               std::make_pair(custodian, -1));
    if (it != m_custodians.end() && it->first == custodian) return it->second;
    // A custodian first seen now: the least loaded shard, stored so that it stays there.
    int s = static_cast<int>(std::min_element(m_load.begin(), m_load.end()) - m_load.begin());
    MS_TRY_ASSIGN(ins, m_db->prepare("INSERT OR IGNORE INTO shard_custodians(custodian, shard) "
                                     "VALUES (?, ?)"));
    MS_TRY(ins.bind(1, custodian).bind(2, s).run());
    MS_TRY_ASSIGN(cnt, m_db->prepare(std::string("SELECT count(*) FROM messages m WHERE ") +
                                     k_first_custodian + " = ?"));
    cnt.bind(1, custodian);
    MS_TRY_ASSIGN(crow, cnt.step());
    if (crow) m_load[static_cast<std::size_t>(s)] += cnt.int64(0);
    m_custodians.insert(it, std::make_pair(custodian, s));
    return s;
}

} // namespace ms
