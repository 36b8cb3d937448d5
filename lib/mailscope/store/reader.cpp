#include "mailscope/store/reader.hpp"

#include "mailscope/util/compress.hpp"
#include "mailscope/util/hash.hpp"
#include "mailscope/util/strings.hpp"

namespace ms {

Result<MessageReader> MessageReader::create(Db& db) {
    MessageReader r(db);
    MS_TRY_ASSIGN(msg, db.prepare(
                           "SELECT m.id, m.message_id, m.date, m.tz_offset, m.from_addr, "
                           "m.from_name, m.subject, m.in_reply_to, m.refs, coalesce(m.thread_id, "
                           "m.id), m.flags, m.has_attachment, m.size, b.sha256, m.warnings "
                           "FROM messages m JOIN blobs b ON b.id = m.blob_id WHERE m.id=?"));
    MS_TRY_ASSIGN(listing, db.prepare(
                               "SELECT id, message_id, date, tz_offset, from_addr, from_name, "
                               "subject, in_reply_to, refs, coalesce(thread_id, id), flags, "
                               "has_attachment, size, NULL, warnings FROM messages WHERE id=?"));
    MS_TRY_ASSIGN(rcpt, db.prepare("SELECT kind, addr, name FROM recipients WHERE message_id=? "
                                   "ORDER BY rowid"));
    MS_TRY_ASSIGN(loc, db.prepare("SELECT l.evidence_id, e.path, e.format, l.locator, l.folder, "
                                  "l.custodian, l.flags, l.header_message_id FROM locations l JOIN evidence e ON "
                                  "e.id = l.evidence_id WHERE l.message_id=? ORDER BY l.id"));
    MS_TRY_ASSIGN(att, db.prepare("SELECT part, filename, content_type, size, sha256, is_inline "
                                  "FROM attachments WHERE message_id=? ORDER BY position"));
    MS_TRY_ASSIGN(raw, db.prepare("SELECT b.codec, b.data FROM messages m JOIN blobs b ON "
                                  "b.id = m.blob_id WHERE m.id=?"));
    MS_TRY_ASSIGN(text, db.prepare("SELECT codec, data FROM texts WHERE message_id=?"));
    r.m_text = std::move(text);
    r.m_msg = std::move(msg);
    r.m_msg_listing = std::move(listing);
    r.m_rcpt = std::move(rcpt);
    r.m_loc = std::move(loc);
    r.m_att = std::move(att);
    r.m_raw = std::move(raw);
    return r;
}

// A row of the locations query of create().
static LocationInfo location_of(const Stmt& st) {
    return {st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5),
            static_cast<std::uint32_t>(st.int64(6)), st.text(7)};
}

static std::vector<std::string> words(const std::string& s) {
    std::vector<std::string> out;
    for (auto& w : split(s, ' '))
        if (!w.empty()) out.push_back(std::move(w));
    return out;
}

Result<MessageSummary> MessageReader::summary(std::int64_t id, Detail detail) {
    MessageSummary s;
    Stmt& q = detail == Detail::full ? m_msg : m_msg_listing;
    q.bind(1, id);
    MS_TRY_ASSIGN(row, q.step());
    if (!row) {
        q.reset();
        return fail(Errc::not_found, "message " + std::to_string(id) + " is not in this case",
                    "message ids are the `id` column of `mailscope search`");
    }
    s.id = q.int64(0);
    s.message_id = q.text(1);
    if (!q.is_null(2)) s.date = q.int64(2);
    s.tz_offset_min = static_cast<int>(q.int64(3));
    s.from = {q.text(5), q.text(4)};
    s.subject = q.text(6);
    s.in_reply_to = words(q.text(7));
    s.references = words(q.text(8));
    s.thread_id = q.int64(9);
    s.flags = static_cast<std::uint32_t>(q.int64(10));
    s.has_attachment = q.int64(11) != 0;
    s.size = static_cast<std::uint64_t>(q.int64(12));
    if (detail == Detail::full) s.sha256 = to_hex(q.blob(13));
    for (auto& w : split(q.text(14), '\n'))
        if (!w.empty()) s.warnings.push_back(std::move(w));
    q.reset();

    if (detail == Detail::line) {
        m_loc.bind(1, id);
        MS_TRY_ASSIGN(r, m_loc.step());
        if (r) s.locations.push_back(location_of(m_loc));
        m_loc.reset();
        return s;
    }
    m_rcpt.bind(1, id);
    for (;;) {
        MS_TRY_ASSIGN(r, m_rcpt.step());
        if (!r) break;
        std::string kind = m_rcpt.text(0);
        Address a{m_rcpt.text(2), m_rcpt.text(1)};
        if (kind == "to") s.to.push_back(std::move(a));
        else if (kind == "cc") s.cc.push_back(std::move(a));
        else if (kind == "bcc") s.bcc.push_back(std::move(a));
        else if (kind == "reply-to") s.reply_to.push_back(std::move(a));
    }
    m_rcpt.reset();
    if (detail == Detail::parties) return s;

    m_loc.bind(1, id);
    for (;;) {
        MS_TRY_ASSIGN(r, m_loc.step());
        if (!r) break;
        s.locations.push_back(location_of(m_loc));
    }
    m_loc.reset();

    if (detail == Detail::listing) return s;
    m_att.bind(1, id);
    for (;;) {
        MS_TRY_ASSIGN(r, m_att.step());
        if (!r) break;
        s.attachments.push_back({m_att.text(0), m_att.text(1), m_att.text(2),
                                 to_hex(m_att.blob(4)),
                                 static_cast<std::uint64_t>(m_att.int64(3)), m_att.int64(5) != 0});
    }
    m_att.reset();
    return s;
}

Result<std::string> MessageReader::raw(std::int64_t id) {
    m_raw.bind(1, id);
    MS_TRY_ASSIGN(row, m_raw.step());
    if (!row) {
        m_raw.reset();
        return fail(Errc::not_found, "message " + std::to_string(id) + " is not in this case");
    }
    std::string codec = m_raw.text(0);
    std::string data = m_raw.blob(1);
    m_raw.reset();
    if (codec == "zstd") return zstd_decompress(data);
    if (codec == "none") return data;
    return fail(Errc::unsupported, "message " + std::to_string(id) + ": unknown codec " + codec);
}

Result<std::vector<FieldText>> MessageReader::texts(std::int64_t id) {
    m_text.bind(1, id);
    MS_TRY_ASSIGN(row, m_text.step());
    std::vector<FieldText> fields;
    if (row) {
        std::string codec = m_text.text(0);
        std::string data = m_text.blob(1);
        m_text.reset();
        if (codec == "zstd") {
            MS_TRY_ASSIGN(plain, zstd_decompress(data));
            if (decode_fields(plain, fields)) return fields;
        }
    } else {
        m_text.reset();
    }
    MS_TRY_ASSIGN(bytes, raw(id));
    auto parsed = parse_message(bytes);
    if (parsed) fields = fields_of(*parsed);
    return fields;
}

} // namespace ms
