#include "mailscope/store/flags.hpp"

namespace ms {

int tier_rank(const std::string& tier) {
    return tier == "forbidden" ? 2 : tier == "approval" ? 1 : tier == "allowed" ? 0 : -1;
}

Result<FlagWriter> FlagWriter::create(Db& db) {
    FlagWriter w(db);
    // Stale: unreviewed flags of the same policies from another rule-set version. Flags of
    // policies this scan does not use stay (a scan with --policy X leaves the others alone).
    MS_TRY_ASSIGN(stale_notes,
                  db.prepare("DELETE FROM notifications WHERE flag_id IN (SELECT id FROM flags "
                             "WHERE message_id=?1 AND version != ?2 AND status IN "
                             "('open','allowed') AND (?3 = '*' OR policy IN (SELECT value FROM "
                             "json_each(CASE WHEN ?3 = '*' THEN '[]' ELSE ?3 END))))"));
    MS_TRY_ASSIGN(stale, db.prepare("DELETE FROM flags WHERE message_id=?1 AND version != ?2 AND "
                                    "status IN ('open','allowed') AND (?3 = '*' OR policy IN "
                                    "(SELECT value FROM json_each(CASE WHEN ?3 = '*' THEN '[]' "
                                    "ELSE ?3 END)))"));
    MS_TRY_ASSIGN(insert, db.prepare("INSERT OR IGNORE INTO flags(message_id, policy, rule, tier, "
                                     "category, field, start, end, matched, snippet, version, "
                                     "status, created_at, fp_score, likely_fp) VALUES "
                                     "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    MS_TRY_ASSIGN(find, db.prepare("SELECT id FROM flags WHERE message_id=? AND policy=? AND "
                                   "rule=? AND field=? AND start=? AND version=?"));
    // A finding under review (appealed, confirmed, dismissed, escalated) keeps its flag when
    // another rule-set version finds it again: no second, open flag for the same finding.
    MS_TRY_ASSIGN(reviewed, db.prepare("SELECT id FROM flags WHERE message_id=? AND policy=? AND "
                                       "rule=? AND field=? AND start=? AND status NOT IN "
                                       "('open','allowed') ORDER BY id LIMIT 1"));
    MS_TRY_ASSIGN(notify, db.prepare("INSERT OR IGNORE INTO notifications(flag_id, created_at) "
                                     "VALUES (?,?)"));
    // A hold is on the message and outlives the flag that placed it.
    MS_TRY_ASSIGN(retain, db.prepare("INSERT OR IGNORE INTO retained(message_id, since, policy, "
                                     "rule) VALUES (?,?,?,?)"));
    MS_TRY_ASSIGN(scanned, db.prepare("INSERT OR REPLACE INTO scans(message_id, version, personal, "
                                      "flags, scanned_at) VALUES (?,?,?,?,?)"));
    w.m_stale = std::move(stale);
    w.m_stale_notes = std::move(stale_notes);
    w.m_insert = std::move(insert);
    w.m_find = std::move(find);
    w.m_reviewed = std::move(reviewed);
    w.m_notify = std::move(notify);
    w.m_retain = std::move(retain);
    w.m_scanned = std::move(scanned);
    return w;
}

Result<void> FlagWriter::replace_stale(std::int64_t message_id, const std::string& version,
                                       const std::string& policies_json) {
    m_stale_notes.bind(1, message_id).bind(2, version).bind(3, policies_json);
    MS_TRY(m_stale_notes.run());
    m_stale.bind(1, message_id).bind(2, version).bind(3, policies_json);
    return m_stale.run();
}

Result<bool> FlagWriter::add(FlagRow& f, bool notify, bool retain) {
    m_reviewed.bind(1, f.message_id).bind(2, f.policy).bind(3, f.rule).bind(4, f.field);
    m_reviewed.bind(5, f.start);
    MS_TRY_ASSIGN(under_review, m_reviewed.step());
    std::int64_t reviewed_id = under_review ? m_reviewed.int64(0) : 0;
    m_reviewed.reset();
    if (reviewed_id) {
        f.id = reviewed_id;
        if (retain) {
            m_retain.bind(1, f.message_id).bind(2, f.created_at).bind(3, f.policy).bind(4, f.rule);
            MS_TRY(m_retain.run());
            f.retained = true;
        }
        return false;
    }
    m_insert.bind(1, f.message_id)
        .bind(2, f.policy)
        .bind(3, f.rule)
        .bind(4, f.tier)
        .bind(5, f.category)
        .bind(6, f.field)
        .bind(7, f.start)
        .bind(8, f.end)
        .bind(9, f.matched)
        .bind(10, f.snippet)
        .bind(11, f.version)
        .bind(12, f.status)
        .bind(13, f.created_at)
        .bind(15, f.likely_fp ? 1 : 0);
    if (f.fp_score) m_insert.bind(14, *f.fp_score);
    else m_insert.bind_null(14);
    MS_TRY(m_insert.run());
    bool added = m_db->changes() > 0;
    if (added) {
        f.id = m_db->last_insert_rowid();
    } else {
        m_find.bind(1, f.message_id).bind(2, f.policy).bind(3, f.rule).bind(4, f.field);
        m_find.bind(5, f.start).bind(6, f.version);
        MS_TRY_ASSIGN(row, m_find.step());
        f.id = row ? m_find.int64(0) : 0;
        m_find.reset();
    }
    if (notify && f.id) {
        m_notify.bind(1, f.id).bind(2, f.created_at);
        MS_TRY(m_notify.run());
        f.notified = true;
    }
    if (retain) {
        m_retain.bind(1, f.message_id).bind(2, f.created_at).bind(3, f.policy).bind(4, f.rule);
        MS_TRY(m_retain.run());
        f.retained = true;
    }
    return added;
}

Result<void> FlagWriter::mark_scanned(std::int64_t message_id, const std::string& version,
                                      bool personal, int flags, std::int64_t now) {
    m_scanned.bind(1, message_id).bind(2, version).bind(3, personal ? 1 : 0).bind(4, flags);
    m_scanned.bind(5, now);
    return m_scanned.run();
}

Result<std::vector<std::int64_t>> unscanned_messages(Db& db, const std::string& version,
                                                     std::int64_t after, std::size_t limit) {
    MS_TRY_ASSIGN(st, db.prepare("SELECT m.id FROM messages m WHERE m.id > ? AND NOT EXISTS "
                                 "(SELECT 1 FROM scans s WHERE s.message_id = m.id AND "
                                 "s.version = ?) ORDER BY m.id LIMIT ?"));
    st.bind(1, after).bind(2, version).bind(3, static_cast<std::int64_t>(limit));
    std::vector<std::int64_t> ids;
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        ids.push_back(st.int64(0));
    }
    return ids;
}

Result<std::vector<FlagRow>> list_flags(Db& db, const FlagFilter& f) {
    std::vector<FlagRow> out;
    MS_TRY(for_each_flag(db, f, [&](const FlagRow& r) -> Result<void> {
        out.push_back(r);
        return ok();
    }));
    return out;
}

Result<void> for_each_flag(Db& db, const FlagFilter& f,
                           const std::function<Result<void>(const FlagRow&)>& fn) {
    std::string sql =
        "SELECT f.id, f.message_id, f.policy, f.rule, f.tier, f.category, f.field, f.start, "
        "f.end, f.matched, f.snippet, f.version, f.status, f.created_at, "
        "EXISTS(SELECT 1 FROM notifications n WHERE n.flag_id = f.id), "
        "EXISTS(SELECT 1 FROM retained r WHERE r.message_id = f.message_id), "
        "f.fp_score, f.likely_fp "
        "FROM flags f WHERE 1=1";
    if (!f.version.empty()) sql += " AND f.version = ?1";
    if (!f.status.empty()) sql += " AND f.status = ?2";
    if (!f.min_tier.empty())
        sql += " AND (CASE f.tier WHEN 'forbidden' THEN 2 WHEN 'approval' THEN 1 ELSE 0 END) >= ?3";
    if (!f.rule.empty()) sql += " AND f.rule = ?4";
    if (!f.category.empty()) sql += " AND f.category = ?5";
    if (f.message_id) sql += " AND f.message_id = ?6";
    if (f.flag_id) sql += " AND f.id = ?7";
    sql += " ORDER BY f.message_id, f.field, f.start, f.rule";
    MS_TRY_ASSIGN(st, db.prepare(sql));
    if (!f.version.empty()) st.bind(1, f.version);
    if (!f.status.empty()) st.bind(2, f.status);
    if (!f.min_tier.empty()) st.bind(3, tier_rank(f.min_tier));
    if (!f.rule.empty()) st.bind(4, f.rule);
    if (!f.category.empty()) st.bind(5, f.category);
    if (f.flag_id) st.bind(7, f.flag_id);
    if (f.message_id) st.bind(6, f.message_id);
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        FlagRow r;
        r.id = st.int64(0);
        r.message_id = st.int64(1);
        r.policy = st.text(2);
        r.rule = st.text(3);
        r.tier = st.text(4);
        r.category = st.text(5);
        r.field = st.text(6);
        r.start = static_cast<std::uint32_t>(st.int64(7));
        r.end = static_cast<std::uint32_t>(st.int64(8));
        r.matched = st.text(9);
        r.snippet = st.text(10);
        r.version = st.text(11);
        r.status = st.text(12);
        r.created_at = st.int64(13);
        r.notified = st.int64(14) != 0;
        r.retained = st.int64(15) != 0;
        if (!st.is_null(16)) r.fp_score = st.real(16);
        r.likely_fp = st.int64(17) != 0;
        MS_TRY(fn(r));
    }
    return ok();
}

Result<std::vector<FlagTally>> tally_flags(Db& db, const std::string& version) {
    MS_TRY_ASSIGN(st, db.prepare("SELECT tier, category, count(*) FROM flags WHERE version=? "
                                 "GROUP BY tier, category ORDER BY tier, category"));
    st.bind(1, version);
    std::vector<FlagTally> out;
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        out.push_back({st.text(0), st.text(1), static_cast<std::uint64_t>(st.int64(2))});
    }
    return out;
}

Result<ScanCounts> scan_counts(Db& db, const std::string& version) {
    MS_TRY_ASSIGN(st, db.prepare("SELECT count(*), coalesce(sum(personal), 0), "
                                 "coalesce(sum(flags > 0), 0) FROM scans WHERE version=?"));
    st.bind(1, version);
    MS_TRY_ASSIGN(row, st.step());
    ScanCounts c;
    if (row) {
        c.scanned = static_cast<std::uint64_t>(st.int64(0));
        c.personal = static_cast<std::uint64_t>(st.int64(1));
        c.flagged_messages = static_cast<std::uint64_t>(st.int64(2));
    }
    return c;
}

std::string status_after(const std::string& action) {
    if (action == "appeal") return "appealed";
    if (action == "confirm") return "confirmed";
    if (action == "dismiss") return "dismissed";
    if (action == "escalate") return "escalated";
    return "";
}

Result<ReviewRow> add_review(Db& db, ReviewRow r) {
    r.status = status_after(r.action);
    if (r.status.empty()) return fail(Errc::internal, "unknown review action '" + r.action + "'");
    MS_TRY_ASSIGN(tx, Transaction::begin(db));
    MS_TRY_ASSIGN(ins, db.prepare("INSERT INTO reviews(flag_id, at, person, role, action, note, status) "
                                  "VALUES (?,?,?,?,?,?,?)"));
    ins.bind(1, r.flag_id).bind(2, r.at).bind(3, r.person).bind(4, r.role).bind(5, r.action)
        .bind(6, r.note).bind(7, r.status);
    MS_TRY(ins.run());
    r.id = db.last_insert_rowid();
    MS_TRY_ASSIGN(upd, db.prepare("UPDATE flags SET status=? WHERE id=?"));
    upd.bind(1, r.status).bind(2, r.flag_id);
    MS_TRY(upd.run());
    MS_TRY(tx.commit());
    return r;
}

Result<std::vector<ReviewRow>> reviews_of(Db& db, std::int64_t flag_id) {
    std::vector<ReviewRow> out;
    MS_TRY_ASSIGN(st, db.prepare("SELECT id, flag_id, at, person, role, action, note, status FROM "
                                 "reviews WHERE flag_id=? ORDER BY id"));
    st.bind(1, flag_id);
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        ReviewRow r;
        r.id = st.int64(0);
        r.flag_id = st.int64(1);
        r.at = st.int64(2);
        r.person = st.text(3);
        r.role = st.text(4);
        r.action = st.text(5);
        r.note = st.text(6);
        r.status = st.text(7);
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace ms

namespace ms {

Result<void> set_flag_score(Db& db, std::int64_t flag_id, std::optional<double> score,
                            bool likely_fp) {
    MS_TRY_ASSIGN(st, db.prepare("UPDATE flags SET fp_score=?, likely_fp=? WHERE id=?"));
    if (score) st.bind(1, *score);
    else st.bind_null(1);
    st.bind(2, likely_fp ? 1 : 0).bind(3, flag_id);
    return st.run();
}

} // namespace ms
