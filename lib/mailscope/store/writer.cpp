#include "mailscope/store/writer.hpp"

#include "mailscope/util/compress.hpp"
#include "mailscope/util/hash.hpp"

namespace ms {

Result<MessageWriter> MessageWriter::create(Db& db) {
    MessageWriter w(db);
    MS_TRY_ASSIGN(find, db.prepare("SELECT id FROM messages WHERE content_key=?"));
    MS_TRY_ASSIGN(find_blob, db.prepare("SELECT id FROM blobs WHERE sha256=?"));
    MS_TRY_ASSIGN(insert_blob,
                  db.prepare("INSERT INTO blobs(sha256, size, codec, data) VALUES (?,?,?,?)"));
    MS_TRY_ASSIGN(insert_msg,
                  db.prepare("INSERT INTO messages(content_key, blob_id, message_id, date, "
                             "tz_offset, from_addr, from_name, subject, in_reply_to, refs, size, "
                             "has_attachment, flags, warnings, imported_at, first_evidence) "
                             "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    MS_TRY_ASSIGN(insert_rcpt, db.prepare("INSERT INTO recipients(message_id, kind, position, "
                                          "addr, name) VALUES (?,?,?,?,?)"));
    MS_TRY_ASSIGN(insert_att,
                  db.prepare("INSERT INTO attachments(message_id, position, part, filename, "
                             "content_type, size, sha256, is_inline) VALUES (?,?,?,?,?,?,?,?)"));
    MS_TRY_ASSIGN(insert_loc,
                  db.prepare("INSERT OR IGNORE INTO locations(message_id, evidence_id, locator, "
                             "folder, custodian, flags, blob_id, header_message_id) "
                             "VALUES (?,?,?,?,?,?,?,?)"));
    MS_TRY_ASSIGN(insert_text,
                  db.prepare("INSERT OR REPLACE INTO texts(message_id, codec, data) VALUES (?,?,?)"));
    MS_TRY_ASSIGN(merge, db.prepare("UPDATE messages SET flags = flags | ? WHERE id=?"));
    MS_TRY_ASSIGN(queue, db.prepare("INSERT OR IGNORE INTO pending_index(message_id) VALUES (?)"));
    MS_TRY_ASSIGN(insert_problem,
                  db.prepare("INSERT OR REPLACE INTO problems(evidence_id, locator, reason, "
                             "skipped, blob_id) VALUES (?,?,?,?,?)"));
    w.m_insert_text = std::move(insert_text);
    w.m_find = std::move(find);
    w.m_find_blob = std::move(find_blob);
    w.m_insert_blob = std::move(insert_blob);
    w.m_insert_msg = std::move(insert_msg);
    w.m_insert_rcpt = std::move(insert_rcpt);
    w.m_insert_att = std::move(insert_att);
    w.m_insert_loc = std::move(insert_loc);
    w.m_merge_flags = std::move(merge);
    w.m_queue = std::move(queue);
    w.m_insert_problem = std::move(insert_problem);
    return w;
}

Result<std::optional<std::int64_t>> MessageWriter::find_message(const std::string& key) {
    m_find.bind_blob(1, key);
    MS_TRY_ASSIGN(row, m_find.step());
    std::optional<std::int64_t> id;
    if (row) id = m_find.int64(0);
    m_find.reset();
    return id;
}

Result<std::int64_t> MessageWriter::ensure_blob(std::string_view raw) {
    Sha256 d = sha256(raw);
    std::string_view key(reinterpret_cast<const char*>(d.data()), d.size());
    m_find_blob.bind_blob(1, key);
    MS_TRY_ASSIGN(row, m_find_blob.step());
    if (row) {
        std::int64_t id = m_find_blob.int64(0);
        m_find_blob.reset();
        return id;
    }
    m_find_blob.reset();
    m_insert_blob.bind_blob(1, key)
        .bind(2, static_cast<std::int64_t>(raw.size()))
        .bind(3, "zstd")
        .bind_blob(4, zstd_compress(raw));
    MS_TRY(m_insert_blob.run());
    return m_db->last_insert_rowid();
}

static std::string join_ids(const std::vector<std::string>& ids) {
    std::string s;
    for (const auto& i : ids) {
        if (!s.empty()) s += ' ';
        s += i;
    }
    return s;
}

Result<std::int64_t> MessageWriter::insert_message(const std::string& key, std::int64_t blob_id,
                                                   const Message& m, std::uint64_t size,
                                                   std::uint32_t flags, std::int64_t now,
                                                   std::int64_t evidence_id) {
    std::string warnings;
    for (const auto& w : m.warnings) warnings += w + "\n";
    m_insert_msg.bind_blob(1, key)
        .bind(2, blob_id)
        .bind(3, m.message_id)
        .bind(4, m.date)
        .bind(5, m.tz_offset_min)
        .bind(6, m.from.addr)
        .bind(7, m.from.name)
        .bind(8, m.subject)
        .bind(9, join_ids(m.in_reply_to))
        .bind(10, join_ids(m.references))
        .bind(11, static_cast<std::int64_t>(size))
        .bind(12, m.has_attachment() ? 1 : 0)
        .bind(13, flags)
        .bind(14, warnings)
        .bind(15, now)
        .bind(16, evidence_id);
    MS_TRY(m_insert_msg.run());
    std::int64_t id = m_db->last_insert_rowid();

    auto rcpts = [&](const std::vector<Address>& list, const char* kind) -> Result<void> {
        int pos = 0;
        for (const auto& a : list) {
            m_insert_rcpt.bind(1, id).bind(2, kind).bind(3, pos++).bind(4, a.addr).bind(5, a.name);
            MS_TRY(m_insert_rcpt.run());
        }
        return ok();
    };
    MS_TRY(rcpts(m.to, "to"));
    MS_TRY(rcpts(m.cc, "cc"));
    MS_TRY(rcpts(m.bcc, "bcc"));
    MS_TRY(rcpts(m.reply_to, "reply-to"));

    int pos = 0;
    for (const auto& a : m.attachments) {
        m_insert_att.bind(1, id)
            .bind(2, pos++)
            .bind(3, a.part)
            .bind(4, a.filename)
            .bind(5, a.content_type)
            .bind(6, static_cast<std::int64_t>(a.size))
            .bind_blob(7, std::string_view(reinterpret_cast<const char*>(a.sha256.data()), 32))
            .bind(8, a.is_inline ? 1 : 0);
        MS_TRY(m_insert_att.run());
    }
    m_insert_text.bind(1, id).bind(2, "zstd").bind_blob(3, zstd_compress(encode_fields(fields_of(m))));
    MS_TRY(m_insert_text.run());
    m_queue.bind(1, id);
    MS_TRY(m_queue.run());
    return id;
}

Result<bool> MessageWriter::add_location(std::int64_t message_id, const LocationRow& loc) {
    m_insert_loc.bind(1, message_id)
        .bind(2, loc.evidence_id)
        .bind(3, loc.locator)
        .bind(4, loc.folder)
        .bind(5, loc.custodian)
        .bind(6, loc.flags)
        .bind(7, loc.blob_id)
        .bind(8, loc.message_id);
    MS_TRY(m_insert_loc.run());
    if (m_db->changes() == 0) return false;
    m_merge_flags.bind(1, loc.flags).bind(2, message_id);
    MS_TRY(m_merge_flags.run());
    m_queue.bind(1, message_id);
    MS_TRY(m_queue.run());
    return true;
}

Result<void> MessageWriter::add_problem(std::int64_t evidence_id, const std::string& locator,
                                        const std::string& reason, bool skipped,
                                        std::optional<std::int64_t> blob_id) {
    m_insert_problem.bind(1, evidence_id).bind(2, locator).bind(3, reason).bind(4, skipped ? 1 : 0);
    m_insert_problem.bind(5, blob_id);
    return m_insert_problem.run();
}

} // namespace ms
