#include "mailscope/access/audit.hpp"

#include "mailscope/util/fs.hpp"
#include "mailscope/util/privilege.hpp"
#include "mailscope/util/hash.hpp"
#include "mailscope/util/strings.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ms {

namespace {

const std::string k_genesis(64, '0');

std::string now_iso_ms() {
    using namespace std::chrono;
    auto t = system_clock::now();
    auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms % 1000));
    return buf;
}

// Length-prefixed fields: no choice of separator can make two records hash alike.
void field(std::string& out, std::string_view v) {
    out += std::to_string(v.size());
    out += ':';
    out += v;
    out += ';';
}

std::string head_mac(std::int64_t seq, const std::string& hash, const std::string& key) {
    Sha256 h = hmac_sha256(key, "head:" + std::to_string(seq) + ":" + hash);
    return to_hex(h);
}

// CASE/audit.head as found on disk, and whether it can be trusted.
struct Anchor {
    enum State { absent, unreadable, damaged, altered, valid } state = absent;
    std::int64_t seq = 0;
    std::string hash;
    std::string error;  // why it is absent or unreadable
};

Anchor read_anchor(const std::string& dir, const std::string& key) {
    Anchor a;
    auto text = read_file(dir + "/audit.head");
    if (!text) {
        a.state = text.error().code == Errc::not_found ? Anchor::absent : Anchor::unreadable;
        a.error = text.error().message;
        return a;
    }
    auto lines = split(std::string(trim(*text)), '\n');
    auto parts = lines.size() == 2 ? split(lines[1], ' ') : std::vector<std::string>{};
    if (lines.size() != 2 || lines[0] != "mailscope-audit-head 1" || parts.size() != 3) {
        a.state = Anchor::damaged;
        return a;
    }
    a.seq = std::atoll(parts[0].c_str());
    a.hash = parts[1];
    a.state = head_mac(a.seq, a.hash, key) == parts[2] ? Anchor::valid : Anchor::altered;
    return a;
}

const char* k_columns = "seq, at, actor, person, role, action, target, query, reason, outcome, "
                        "until, detail, prev, hash";

AuditRecord row(const Stmt& st) {
    AuditRecord r;
    r.seq = st.int64(0);
    r.at = st.text(1);
    r.actor = st.text(2);
    r.person = st.text(3);
    r.role = st.text(4);
    r.action = st.text(5);
    r.target = st.text(6);
    r.query = st.text(7);
    r.reason = st.text(8);
    r.outcome = st.text(9);
    r.until = st.int64(10);
    r.detail = st.text(11);
    r.prev = st.text(12);
    r.hash = st.text(13);
    return r;
}

} // namespace

std::string audit_hash(const AuditRecord& r, const std::string& key) {
    std::string s = "mailscope-audit/1;";
    field(s, std::to_string(r.seq));
    for (const std::string* v : {&r.at, &r.actor, &r.person, &r.role, &r.action, &r.target,
                                 &r.query, &r.reason, &r.outcome})
        field(s, *v);
    field(s, std::to_string(r.until));
    field(s, r.detail);
    field(s, r.prev);
    return to_hex(hmac_sha256(key, s));
}

AuditLog::AuditLog(AuditLog&& o) noexcept
    : m_db(std::move(o.m_db)), m_dir(std::move(o.m_dir)), m_key(std::move(o.m_key)),
      m_lock_fd(o.m_lock_fd) {
    o.m_lock_fd = -1;
}

AuditLog& AuditLog::operator=(AuditLog&& o) noexcept {
    if (this != &o) {
        if (m_lock_fd >= 0) ::close(m_lock_fd);
        m_db = std::move(o.m_db);
        m_dir = std::move(o.m_dir);
        m_key = std::move(o.m_key);
        m_lock_fd = o.m_lock_fd;
        o.m_lock_fd = -1;
    }
    return *this;
}

AuditLog::~AuditLog() {
    if (m_lock_fd >= 0) ::close(m_lock_fd);
}

Result<AuditLog> AuditLog::open(const std::string& case_dir, bool create) {
    AuditLog log;
    log.m_dir = case_dir;
    std::string path = case_dir + "/audit.db";
    struct stat st {};
    if (!create && ::stat(path.c_str(), &st) != 0)
        return fail(errno == EACCES ? Errc::permission : Errc::not_found,
                    path + ": no audit trail: " + std::strerror(errno),
                    errno == EACCES ? "" : "the trail starts with the first audited command");
    MS_TRY_ASSIGN(key, load_secret(case_dir + "/audit.key", create));
    log.m_key = key;
    bool fresh = ::stat(path.c_str(), &st) != 0;
    mode_t old = umask(case_shared() ? 007 : 077);
    auto db = Db::open(path, false);
    umask(old);
    if (!db) return fail(std::move(db).error());
    if (fresh) ::chmod(path.c_str(), share_mode(0600));
    log.m_db = std::move(*db);
    MS_TRY(log.m_db.exec(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
        "CREATE TABLE IF NOT EXISTS audit(seq INTEGER PRIMARY KEY, at TEXT NOT NULL, "
        "actor TEXT NOT NULL, person TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL, "
        "target TEXT NOT NULL, query TEXT NOT NULL, reason TEXT NOT NULL, outcome TEXT NOT NULL, "
        "until INTEGER NOT NULL, detail TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);"
        "CREATE INDEX IF NOT EXISTS audit_grant ON audit(action, person, target);"));
    std::string lock = case_dir + "/audit.lock";
    log.m_lock_fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, share_mode(0600));
    if (log.m_lock_fd < 0)
        return fail(errno == EACCES ? Errc::permission : Errc::io,
                    lock + ": cannot open: " + std::strerror(errno));
    return log;
}

Result<AuditRecord> AuditLog::append(AuditRecord r) {
    // One appender at a time across processes: the head file follows the commit it anchors.
    if (::flock(m_lock_fd, LOCK_EX) != 0)
        return fail(Errc::io, m_dir + "/audit.lock: cannot lock: " + std::strerror(errno));
    struct Unlock {
        int fd;
        ~Unlock() { ::flock(fd, LOCK_UN); }
    } unlock{m_lock_fd};
    MS_TRY_ASSIGN(tx, Transaction::begin(m_db));
    MS_TRY_ASSIGN(last, m_db.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"));
    MS_TRY_ASSIGN(has, last.step());
    std::int64_t last_seq = has ? last.int64(0) : 0;
    r.seq = last_seq + 1;
    r.prev = has ? last.text(1) : k_genesis;
    // The anchor must not be healed by the next append, or any command run after a
    // tampering would hide it. Records cut off the end stay missing: the chain goes on after
    // the anchored record, so verify keeps naming the gap. A missing, damaged or altered
    // anchor, or one naming a record that is not there, is left for verify to report. One
    // we may not read (another user's file in a shared case) is replaced as before.
    Anchor anchor = read_anchor(m_dir, m_key);
    bool write_head = true;
    if (anchor.state == Anchor::valid && anchor.seq > last_seq) {
        r.seq = anchor.seq + 1;
        r.prev = anchor.hash;
    } else if (anchor.state == Anchor::valid && anchor.seq >= 1) {
        MS_TRY_ASSIGN(named, m_db.prepare("SELECT hash FROM audit WHERE seq=?"));
        named.bind(1, anchor.seq);
        MS_TRY_ASSIGN(found, named.step());
        write_head = found && named.text(0) == anchor.hash;
    } else if (anchor.state == Anchor::absent) {
        write_head = !has;
    } else if (anchor.state != Anchor::unreadable && anchor.state != Anchor::valid) {
        write_head = false;
    }
    r.at = now_iso_ms();
    if (r.outcome.empty()) r.outcome = "ok";
    r.hash = audit_hash(r, m_key);
    MS_TRY_ASSIGN(ins, m_db.prepare(std::string("INSERT INTO audit(") + k_columns +
                                    ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    ins.bind(1, r.seq).bind(2, r.at).bind(3, r.actor).bind(4, r.person).bind(5, r.role);
    ins.bind(6, r.action).bind(7, r.target).bind(8, r.query).bind(9, r.reason);
    ins.bind(10, r.outcome).bind(11, r.until).bind(12, r.detail).bind(13, r.prev).bind(14, r.hash);
    MS_TRY(ins.run());
    MS_TRY(tx.commit());
    if (!write_head) return r;
    std::string head = "mailscope-audit-head 1\n" + std::to_string(r.seq) + " " + r.hash + " " +
                       head_mac(r.seq, r.hash, m_key) + "\n";
    MS_TRY(write_file_atomic(m_dir + "/audit.head", head, 0600));
    return r;
}

Result<void> AuditLog::for_each(const AuditFilter& f,
                                const std::function<Result<void>(const AuditRecord&)>& fn) {
    std::string sql = std::string("SELECT ") + k_columns + " FROM audit WHERE 1";
    if (!f.actor.empty()) sql += " AND (actor=?1 OR person=?1)";
    if (!f.action.empty()) sql += " AND action=?2";
    if (!f.since.empty()) sql += " AND at>=?3";
    if (!f.until.empty()) sql += " AND at<?4";
    sql += " ORDER BY seq";
    MS_TRY_ASSIGN(st, m_db.prepare(sql));
    if (!f.actor.empty()) st.bind(1, f.actor);
    if (!f.action.empty()) st.bind(2, f.action);
    if (!f.since.empty()) st.bind(3, f.since);
    if (!f.until.empty()) st.bind(4, f.until);
    for (;;) {
        MS_TRY_ASSIGN(more, st.step());
        if (!more) break;
        MS_TRY(fn(row(st)));
    }
    return ok();
}

Result<AuditVerdict> AuditLog::verify() {
    AuditVerdict v;
    auto broken = [&](std::int64_t at, std::string problem) {
        v.intact = false;
        v.first_bad = at;
        v.problem = std::move(problem);
        return v;
    };
    // How many records there are, also when the chain breaks before the end.
    MS_TRY_ASSIGN(count, m_db.prepare("SELECT count(*) FROM audit"));
    MS_TRY(count.step());
    v.records = count.int64(0);
    MS_TRY_ASSIGN(st, m_db.prepare(std::string("SELECT ") + k_columns + " FROM audit ORDER BY seq"));
    std::string prev = k_genesis;
    std::int64_t n = 0;
    std::vector<std::string> hashes;  // by position, for the anchor check
    for (;;) {
        MS_TRY_ASSIGN(more, st.step());
        if (!more) break;
        AuditRecord r = row(st);
        ++n;
        if (r.seq != n)
            return broken(n, r.seq > n ? "record " + std::to_string(n) + " is missing (the next "
                                             "record is numbered " + std::to_string(r.seq) + ")"
                                       : "record numbered " + std::to_string(r.seq) +
                                             " is out of place");
        if (r.prev != prev)
            return broken(n, "does not follow record " + std::to_string(n - 1) +
                                 " (its previous-hash does not match: deleted or reordered)");
        if (audit_hash(r, m_key) != r.hash)
            return broken(n, "its contents do not match its hash (edited or forged)");
        prev = r.hash;
        hashes.push_back(r.hash);
    }
    v.head = prev;
    // The anchor: the last record mailscope wrote must still be there, unchanged.
    Anchor anchor = read_anchor(m_dir, m_key);
    switch (anchor.state) {
    case Anchor::absent:
        if (n == 0) return v;
        [[fallthrough]];
    case Anchor::unreadable:
        return broken(n, "the anchor file audit.head is missing or unreadable: " + anchor.error);
    case Anchor::damaged: return broken(n, "the anchor file audit.head is damaged");
    case Anchor::altered: return broken(n, "the anchor file audit.head was altered");
    case Anchor::valid: break;
    }
    std::int64_t head_seq = anchor.seq;
    if (head_seq > n)
        return broken(n + 1, "records " + std::to_string(n + 1) + " to " +
                                 std::to_string(head_seq) + " were removed from the end");
    if (head_seq >= 1 && hashes[static_cast<std::size_t>(head_seq - 1)] != anchor.hash)
        return broken(head_seq, "is not the record the anchor names");
    v.unanchored_tail = head_seq < n;
    return v;
}

Result<std::vector<AuditRecord>> AuditLog::grants(const std::string& person, std::int64_t now) {
    MS_TRY_ASSIGN(st, m_db.prepare(std::string("SELECT ") + k_columns +
                                   " FROM audit WHERE action='unlock' AND person=? "
                                   "AND outcome='ok' AND until>? ORDER BY seq"));
    st.bind(1, person).bind(2, now);
    std::vector<AuditRecord> out;
    for (;;) {
        MS_TRY_ASSIGN(more, st.step());
        if (!more) break;
        AuditRecord r = row(st);
        // A grant written into the file by hand, without the key, grants nothing.
        if (audit_hash(r, m_key) == r.hash) out.push_back(std::move(r));
    }
    return out;
}

} // namespace ms
