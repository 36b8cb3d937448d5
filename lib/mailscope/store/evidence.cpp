#include "mailscope/store/evidence.hpp"

#include "mailscope/util/hash.hpp"

#include <optional>

namespace ms {

static const char* const k_columns =
    "id, path, format, kind, size, sha256, mtime, custodian, operator, tool_version, started_at, "
    "coalesce(finished_at, 0), status, messages, new_messages, failures, skipped, error";

static EvidenceRow row_of(Stmt& st) {
    EvidenceRow e;
    e.id = st.int64(0);
    e.path = st.text(1);
    e.format = st.text(2);
    e.kind = st.text(3);
    e.size = static_cast<std::uint64_t>(st.int64(4));
    e.sha256 = st.text(5);
    e.mtime = st.int64(6);
    e.custodian = st.text(7);
    e.operator_name = st.text(8);
    e.tool_version = st.text(9);
    e.started_at = st.int64(10);
    e.finished_at = st.int64(11);
    e.status = st.text(12);
    e.messages = static_cast<std::uint64_t>(st.int64(13));
    e.new_messages = static_cast<std::uint64_t>(st.int64(14));
    e.failures = static_cast<std::uint64_t>(st.int64(15));
    e.skipped = static_cast<std::uint64_t>(st.int64(16));
    e.error = st.text(17);
    return e;
}

Result<std::int64_t> insert_evidence(Db& db, const EvidenceRow& e) {
    MS_TRY_ASSIGN(st, db.prepare("INSERT INTO evidence(path, format, kind, size, sha256, mtime, "
                                 "custodian, operator, tool_version, started_at, status) "
                                 "VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
    st.bind(1, e.path)
        .bind(2, e.format)
        .bind(3, e.kind)
        .bind(4, e.size)
        .bind(5, e.sha256)
        .bind(6, e.mtime)
        .bind(7, e.custodian)
        .bind(8, e.operator_name)
        .bind(9, e.tool_version)
        .bind(10, e.started_at)
        .bind(11, e.status);
    MS_TRY(st.run());
    return db.last_insert_rowid();
}

Result<void> finish_evidence(Db& db, const EvidenceRow& e) {
    MS_TRY_ASSIGN(st, db.prepare("UPDATE evidence SET sha256=?, size=?, finished_at=?, status=?, "
                                 "messages=?, new_messages=?, failures=?, skipped=?, error=? "
                                 "WHERE id=?"));
    st.bind(1, e.sha256)
        .bind(2, e.size)
        .bind(3, e.finished_at)
        .bind(4, e.status)
        .bind(5, e.messages)
        .bind(6, e.new_messages)
        .bind(7, e.failures)
        .bind(8, e.skipped)
        .bind(9, e.error)
        .bind(10, e.id);
    return st.run();
}

Result<std::optional<EvidenceRow>> find_evidence(Db& db, const std::string& path,
                                                 const std::string& sha256) {
    std::string sql = std::string("SELECT ") + k_columns + " FROM evidence WHERE path=?" +
                      (sha256.empty() ? "" : " AND sha256=?") + " ORDER BY id DESC LIMIT 1";
    MS_TRY_ASSIGN(st, db.prepare(sql));
    st.bind(1, path);
    if (!sha256.empty()) st.bind(2, sha256);
    MS_TRY_ASSIGN(row, st.step());
    if (!row) return std::optional<EvidenceRow>();
    return std::optional<EvidenceRow>(row_of(st));
}

Result<std::vector<EvidenceRow>> list_evidence(Db& db) {
    MS_TRY_ASSIGN(st, db.prepare(std::string("SELECT ") + k_columns + " FROM evidence ORDER BY id"));
    std::vector<EvidenceRow> out;
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        out.push_back(row_of(st));
    }
    return out;
}

Result<std::unordered_set<std::string>> stored_locators(Db& db, std::int64_t evidence_id) {
    std::unordered_set<std::string> out;
    MS_TRY_ASSIGN(st, db.prepare("SELECT locator FROM locations WHERE evidence_id=?1 "
                                 "UNION ALL SELECT locator FROM problems WHERE evidence_id=?1"));
    st.bind(1, evidence_id);
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        out.insert(st.text(0));
    }
    return out;
}

Result<std::string> manifest_hash(Db& db, std::int64_t evidence_id) {
    MS_TRY_ASSIGN(st, db.prepare("SELECT b.sha256, l.locator FROM locations l JOIN blobs b ON "
                                 "b.id = l.blob_id WHERE l.evidence_id=? ORDER BY l.locator"));
    st.bind(1, evidence_id);
    Sha256Hasher h;
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        h.update(to_hex(st.blob(0)));
        h.update("  ");
        h.update(st.text(1));
        h.update("\n");
    }
    return to_hex(h.finish());
}

} // namespace ms
