#include "mailscope/mime/headers.hpp"

#include "mailscope/util/hash.hpp"
#include "mailscope/util/strings.hpp"

namespace ms {

const RawHeader* HeaderBlock::find(std::string_view name) const {
    for (const auto& h : headers)
        if (iequals(h.name, name)) return &h;
    return nullptr;
}

static bool is_field_char(unsigned char c) { return c > 32 && c < 127 && c != ':'; }

// Length of the field name if `line` starts a header field ("Name:"), else 0.
static std::size_t field_name_len(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && is_field_char(static_cast<unsigned char>(line[i]))) ++i;
    std::size_t n = i;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i; // "Subject :" happens
    if (n == 0 || i >= line.size() || line[i] != ':') return 0;
    return n;
}

HeaderBlock scan_headers(std::string_view raw) {
    HeaderBlock hb;
    std::size_t pos = 0;
    // Lines of only spaces or tabs before the first header: skipped, as mail readers do.
    for (;;) {
        std::size_t nl = raw.find('\n', pos);
        if (nl == std::string_view::npos) break;
        std::string_view line = raw.substr(pos, nl - pos);
        if (line.empty() || line.find_first_not_of(" \t\r") != std::string_view::npos) break;
        pos = nl + 1;
    }
    if (raw.substr(pos, 5) == "From ") {
        std::size_t nl = raw.find('\n', pos);
        pos = nl == std::string_view::npos ? raw.size() : nl + 1;
    }
    while (pos < raw.size()) {
        std::size_t nl = raw.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? raw.size() : nl;
        std::string_view line = raw.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::size_t next = nl == std::string_view::npos ? raw.size() : nl + 1;
        if (line.empty()) {
            hb.body = raw.substr(next);
            hb.has_separator = true;
            return hb;
        }
        if ((line[0] == ' ' || line[0] == '\t') && !hb.headers.empty()) {
            hb.headers.back().value.push_back(' ');
            hb.headers.back().value.append(trim(line));
        } else if (std::size_t n = field_name_len(line); n > 0) {
            std::size_t colon = line.find(':', n);
            hb.headers.push_back({line.substr(0, n), std::string(trim(line.substr(colon + 1)))});
        } else {
            // Not a header line: the header block ended without a blank line.
            hb.body = raw.substr(pos);
            return hb;
        }
        pos = next;
    }
    return hb;
}

bool looks_like_message(std::string_view head) {
    static const char* const k_known[] = {
        "from",       "to",          "subject",      "date",         "message-id",
        "received",   "return-path", "mime-version", "content-type", "delivered-to",
        "x-mailer",   "sender",      "reply-to",     "cc",           "in-reply-to",
        "references", "x-from",      "x-to",         "envelope-to",  "x-original-to",
        "dkim-signature", "arc-seal", "authentication-results", "x-received", "thread-topic"};
    HeaderBlock hb = scan_headers(head);
    if (hb.headers.empty()) return false;
    // The first line (after blank-looking lines and any envelope line) must be a header field.
    std::string_view first = head;
    while (!first.empty() && first.find('\n') != std::string_view::npos &&
           first.substr(0, first.find('\n')).find_first_not_of(" \t\r") == std::string_view::npos &&
           first[0] != '\n')
        first.remove_prefix(first.find('\n') + 1);
    if (first.substr(0, 5) == "From ") first = first.substr(first.find('\n') + 1);
    if (field_name_len(first.substr(0, first.find('\n'))) == 0) return false;
    int known = 0;
    for (const auto& h : hb.headers)
        for (const char* k : k_known)
            if (iequals(h.name, k)) ++known;
    return known >= 1 && (known >= 2 || hb.headers.size() <= 2);
}

std::string content_key(std::string_view raw, std::string* message_id) {
    // Message-ID is left out on purpose: stores such as the Enron CMU release give every copy
    // of one message its own id, while forged or reused ids on different mail stay apart
    // because the rest differs.
    static const char* const k_identity[] = {
        "date", "from", "sender", "to", "cc", "bcc", "subject", "in-reply-to",
        "references", "reply-to", "mime-version", "content-type", "content-transfer-encoding"};
    HeaderBlock hb = scan_headers(raw);
    if (message_id) {
        const RawHeader* mid = hb.find("Message-ID");
        *message_id = mid ? normalize_message_id(mid->value) : std::string();
    }
    Sha256Hasher h;
    h.update("mailscope-content-v1\n");
    for (const auto& hd : hb.headers) {
        for (const char* k : k_identity) {
            if (iequals(hd.name, k)) {
                h.update(ascii_lower(hd.name));
                h.update(":");
                h.update(collapse_whitespace(hd.value));
                h.update("\n");
                break;
            }
        }
    }
    h.update("\n");
    // Body with CRLF -> LF and trailing blank lines dropped: mbox writers and maildir
    // deliveries differ exactly there.
    std::string_view body = hb.body;
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' ' ||
                             body.back() == '\t'))
        body.remove_suffix(1);
    std::size_t start = 0;
    while (start < body.size()) {
        std::size_t cr = body.find('\r', start);
        if (cr == std::string_view::npos) {
            h.update(body.substr(start));
            break;
        }
        h.update(body.substr(start, cr - start));
        if (cr + 1 < body.size() && body[cr + 1] == '\n') {
            start = cr + 1; // drop the CR, keep the LF
        } else {
            h.update("\r");
            start = cr + 1;
        }
    }
    Sha256 d = h.finish();
    return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

} // namespace ms
