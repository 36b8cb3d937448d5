#include "mailscope/store/custody.hpp"

#include <climits>
#include <unistd.h>

namespace ms {

Result<std::int64_t> append_custody(Db& db, const CustodyEntry& e) {
    MS_TRY_ASSIGN(st, db.prepare("INSERT INTO custody(at, evidence_id, action, login, person, "
                                 "host, tool_version, command, path, format, kind, size, sha256, "
                                 "outcome) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    st.bind(1, e.at);
    if (e.evidence_id) st.bind(2, e.evidence_id);
    st.bind(3, e.action)
        .bind(4, e.login)
        .bind(5, e.person)
        .bind(6, e.host)
        .bind(7, e.tool_version)
        .bind(8, e.command)
        .bind(9, e.path)
        .bind(10, e.format)
        .bind(11, e.kind)
        .bind(12, e.size)
        .bind(13, e.sha256)
        .bind(14, e.outcome);
    MS_TRY(st.run());
    return db.last_insert_rowid();
}

Result<std::vector<CustodyEntry>> list_custody(Db& db, std::int64_t evidence_id) {
    std::string sql = "SELECT id, at, coalesce(evidence_id, 0), action, login, person, host, "
                      "tool_version, command, path, format, kind, size, sha256, outcome FROM "
                      "custody";
    if (evidence_id) sql += " WHERE evidence_id=?";
    sql += " ORDER BY id";
    MS_TRY_ASSIGN(st, db.prepare(sql));
    if (evidence_id) st.bind(1, evidence_id);
    std::vector<CustodyEntry> out;
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        CustodyEntry e;
        e.id = st.int64(0);
        e.at = st.int64(1);
        e.evidence_id = st.int64(2);
        e.action = st.text(3);
        e.login = st.text(4);
        e.person = st.text(5);
        e.host = st.text(6);
        e.tool_version = st.text(7);
        e.command = st.text(8);
        e.path = st.text(9);
        e.format = st.text(10);
        e.kind = st.text(11);
        e.size = static_cast<std::uint64_t>(st.int64(12));
        e.sha256 = st.text(13);
        e.outcome = st.text(14);
        out.push_back(std::move(e));
    }
    return out;
}

std::string host_name() {
    char buf[HOST_NAME_MAX + 1] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "";
    return buf;
}

} // namespace ms
