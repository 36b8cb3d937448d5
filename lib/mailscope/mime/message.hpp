// The parsed form of one message: what import stores, index indexes and show displays.
#pragma once

#include "mailscope/util/error.hpp"
#include "mailscope/util/hash.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ms {

struct Address {
    std::string name;  // decoded display name, may be empty
    std::string addr;  // lower-case addr-spec; may lack a domain on broken mail
};

struct Attachment {
    std::string part;          // MIME part path: "2", "3.1" (inside a forwarded message)
    std::string filename;      // decoded (RFC 2047 / RFC 2231), may be empty
    std::string content_type;  // lower-case "type/subtype"
    std::uint64_t size = 0;    // decoded size in bytes
    Sha256 sha256{};           // of the decoded bytes
    bool is_inline = false;
    std::string text;          // text of text/* and message/rfc822 parts, capped
    std::string data;          // the decoded bytes, only with ParseLimits::keep_attachment_bytes
};

struct Message {
    std::string message_id;                // without angle brackets
    std::vector<std::string> in_reply_to;  // bare ids
    std::vector<std::string> references;   // bare ids, oldest first
    std::optional<std::int64_t> date;      // UTC seconds; empty when no usable date
    int tz_offset_min = 0;                 // offset the sender wrote, minutes east of UTC
    Address from;
    std::vector<Address> to, cc, bcc, reply_to;
    std::string subject;                   // decoded UTF-8
    std::string body;                      // text of the body parts (HTML as text)
    std::vector<Attachment> attachments;
    std::vector<std::string> warnings;     // structural defects and charset repairs

    // Attachments a reader would call attachments: signatures do not count.
    bool has_attachment() const;
};

// One searchable, scannable text of a message: "subject", "body" or "attachment:NAME".
struct FieldText {
    std::string name;
    std::string text;  // decoded UTF-8
};

// The texts of a message in scan order: subject, body, each attachment that has text.
std::vector<FieldText> fields_of(const Message& m);

// A compact byte form of fields (the case keeps it, zstd-compressed, per message: scans
// and index rebuilds read it instead of parsing the MIME again).
std::string encode_fields(const std::vector<FieldText>& fields);
// False on bytes that are not an encode_fields() output.
bool decode_fields(std::string_view bytes, std::vector<FieldText>& out);

struct ParseLimits {
    std::size_t max_body_text = 4u << 20;       // text kept per message body
    std::size_t max_attachment_text = 1u << 20; // text kept per attachment
    bool keep_attachment_bytes = false;          // fill Attachment::data (handover --attach)
};

// Parses RFC 822 bytes. Fails only when the bytes are not a message at all (no header);
// defects GMime repairs (truncation, bad multipart) are kept in `warnings`.
Result<Message> parse_message(std::string_view raw, const ParseLimits& limits = {});

// Must run once before any thread parses mail; safe to call again.
void mime_init();

} // namespace ms
