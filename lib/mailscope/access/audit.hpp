// The audit trail (mailscope-audit(1)): every search, view, export, unlock and role change,
// appended to CASE/audit.db. Each record carries the hash of the one before and an
// HMAC-SHA256 over its fields keyed by CASE/audit.key, so editing, deleting, reordering or
// forging a record in the SQLite file breaks the chain; CASE/audit.head anchors the last
// record so that cutting records off the end is caught too.
#pragma once

#include "mailscope/store/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ms {

struct AuditRecord {
    std::int64_t seq = 0;     // 1, 2, 3 ... with no gaps
    std::string at;           // ISO 8601 UTC with milliseconds
    std::string actor;        // OS login
    std::string person;       // the directory person acted as ("" without a directory)
    std::string role;         // employee, manager, compliance, auditor, admin, owner
    std::string action;       // search, show, export, flags, unlock, org-set, ...
    std::string target;       // message id, file, query scope
    std::string query;        // the search query, verbatim
    std::string reason;       // unlock and --as reasons
    std::string outcome;      // ok, denied, failed
    std::int64_t until = 0;   // unlock: when the grant expires (epoch seconds)
    std::string detail;       // JSON with whatever else matters (counts, impersonation)
    std::string prev, hash;   // hex
};

struct AuditFilter {
    std::string actor;    // OS login or person ("" = any)
    std::string action;   // "" = any
    std::string since, until;  // ISO dates or times, inclusive/exclusive ("" = open)
};

struct AuditVerdict {
    bool intact = true;
    std::int64_t records = 0;
    std::int64_t first_bad = 0;   // the first broken record's position (1-based)
    std::string problem;          // what is wrong with it
    std::string head;             // hash of the last record
    bool unanchored_tail = false; // valid records after the anchor (a crash between commit and anchor)
};

class AuditLog {
public:
    // Opens CASE/audit.db; creates it and its key when `create` is set.
    static Result<AuditLog> open(const std::string& case_dir, bool create);
    AuditLog(AuditLog&& o) noexcept;
    AuditLog& operator=(AuditLog&& o) noexcept;
    ~AuditLog();

    // Appends a record; seq, at, prev and hash are filled in. Serialised across processes.
    Result<AuditRecord> append(AuditRecord r);
    Result<void> for_each(const AuditFilter& f,
                          const std::function<Result<void>(const AuditRecord&)>& fn);
    Result<AuditVerdict> verify();
    // The unlock grants of `person` unexpired at `now` (records whose HMAC holds).
    Result<std::vector<AuditRecord>> grants(const std::string& person, std::int64_t now);

private:
    AuditLog() = default;
    Db m_db;
    std::string m_dir, m_key;
    int m_lock_fd = -1;
};

// The record's HMAC under `key` (hex), over every field but `hash`.
std::string audit_hash(const AuditRecord& r, const std::string& key);

} // namespace ms
