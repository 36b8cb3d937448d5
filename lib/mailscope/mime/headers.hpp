// A fast scanner over the raw header block of a message, independent of GMime.
//
// Used where a full MIME parse is not needed or must not interfere: sniffing whether a file is
// mail, the dedup key, mbox/maildir status headers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ms {

struct RawHeader {
    std::string_view name;  // as written
    std::string value;      // unfolded (CRLF + WSP removed), not decoded
};

struct HeaderBlock {
    std::vector<RawHeader> headers;
    std::string_view body;  // everything after the blank line (may be empty)
    bool has_separator = false; // false when the message ends inside its header block

    // First header with this name (case-insensitive), or nullptr.
    const RawHeader* find(std::string_view name) const;
};

// Splits `raw` into headers and body. A leading mbox "From " line is skipped. Lines that are
// neither a field nor a continuation end the header block (as in RFC 5322 practice).
HeaderBlock scan_headers(std::string_view raw);

// True when `head` (the first bytes of a file) starts like an RFC 822 message: a header field
// (optionally after an mbox "From " line), and a well-known field within the header block.
bool looks_like_message(std::string_view head);

// The dedup key of a message: SHA-256 over its identifying headers (Date, From, Sender, To, Cc,
// Bcc, Subject, In-Reply-To, References, Reply-To, MIME headers) and its body with line ends
// normalised. Transport and storage headers (Received, Status, X-Folder, Content-Length,
// Message-ID...) are left out, so one message found in two mailboxes is stored once.
// See mailscope-import(1), DEDUPLICATION.
// `message_id`, when given, receives this copy's Message-ID (without <>), found on the way.
std::string content_key(std::string_view raw, std::string* message_id = nullptr);

} // namespace ms
