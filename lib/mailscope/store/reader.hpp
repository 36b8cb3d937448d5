// Reads stored messages back: summaries for listings, raw bytes for show/export/re-parsing.
#pragma once

#include "mailscope/mime/message.hpp"
#include "mailscope/store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ms {

struct LocationInfo {
    std::int64_t evidence_id = 0;
    std::string evidence;   // evidence path
    std::string format;     // evidence format
    std::string locator;
    std::string folder;
    std::string custodian;
    std::uint32_t flags = 0;
    std::string message_id;  // this copy's Message-ID header
};

struct AttachmentInfo {
    std::string part, filename, content_type, sha256;
    std::uint64_t size = 0;
    bool is_inline = false;
};

struct MessageSummary {
    std::int64_t id = 0;
    std::string message_id;
    std::optional<std::int64_t> date;
    int tz_offset_min = 0;
    Address from;
    std::vector<Address> to, cc, bcc, reply_to;
    std::string subject;
    std::vector<std::string> in_reply_to, references;
    std::int64_t thread_id = 0;
    std::uint32_t flags = 0;
    bool has_attachment = false;
    std::uint64_t size = 0;
    std::string sha256;  // of the stored raw bytes (hex)
    std::vector<LocationInfo> locations;
    std::vector<AttachmentInfo> attachments;
    std::vector<std::string> warnings;
};

// How much of a message a caller needs: listings skip attachments and the raw bytes' hash,
// which would read the blob table's big pages for every row.
enum class Detail {
    line,     // one text line: no recipients, only the first location
    parties,  // sender, recipients and date, for access decisions: no locations
    listing,  // everything but attachments and the raw bytes' hash
    index,    // listing and attachments: what the indexer needs
    full,
};

class MessageReader {
public:
    static Result<MessageReader> create(Db& db);
    // Fails with not_found for an id that is not in the case.
    Result<MessageSummary> summary(std::int64_t id, Detail detail = Detail::full);
    // The original bytes of the message (its first stored copy).
    Result<std::string> raw(std::int64_t id);
    // Subject, body and attachment texts: the stored ones, or parsed from the raw bytes for
    // messages imported before texts were kept.
    Result<std::vector<FieldText>> texts(std::int64_t id);

private:
    explicit MessageReader(Db& db) : m_db(&db) {}
    Db* m_db;
    Stmt m_msg, m_msg_listing, m_rcpt, m_loc, m_att, m_raw, m_text;
};

} // namespace ms
