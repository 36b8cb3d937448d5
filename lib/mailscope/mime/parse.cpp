// GMime walk: raw bytes -> Message. GMime objects never leave this file.
#include "mailscope/mime/message.hpp"

#include "mailscope/mime/charset.hpp"
#include "mailscope/mime/headers.hpp"
#include "mailscope/mime/html.hpp"
#include "mailscope/mime/limits.hpp"
#include "mailscope/mime/rfc2047.hpp"
#include "mailscope/util/strings.hpp"

#include <algorithm>
#include <map>
#include <cctype>
#include <cstring>
#include <gmime/gmime.h>
#include <mutex>

namespace ms {

namespace {

// Warnings of the parse in progress on this thread (GMime reports them through a callback).
thread_local std::vector<std::string>* t_warnings = nullptr;

const char* warning_text(GMimeParserWarning w) {
    switch (w) {
    case GMIME_WARN_DUPLICATED_HEADER: return "duplicated header";
    case GMIME_WARN_DUPLICATED_PARAMETER: return "duplicated parameter";
    case GMIME_WARN_UNENCODED_8BIT_HEADER: return nullptr; // normal for Chinese mail
    case GMIME_WARN_INVALID_CONTENT_TYPE: return "invalid Content-Type";
    case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE: return nullptr;
    case GMIME_WARN_MALFORMED_MULTIPART: return "malformed multipart";
    case GMIME_WARN_TRUNCATED_MESSAGE: return "truncated message";
    case GMIME_WARN_MALFORMED_MESSAGE: return "malformed message";
    case GMIME_CRIT_INVALID_HEADER_NAME: return "invalid header name";
    case GMIME_CRIT_CONFLICTING_HEADER: return "conflicting header";
    case GMIME_CRIT_CONFLICTING_PARAMETER: return "conflicting parameter";
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: return "multipart without boundary";
    case GMIME_WARN_INVALID_PARAMETER: return "invalid parameter";
    case GMIME_WARN_INVALID_ADDRESS_LIST: return nullptr; // reported per address instead
    case GMIME_CRIT_NESTING_OVERFLOW: return "MIME nesting too deep";
    case GMIME_WARN_PART_WITHOUT_CONTENT: return "part without content";
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: return "part without headers or content";
    }
    return "parser warning";
}

void on_warning(gint64 offset, GMimeParserWarning code, const gchar* item, gpointer) {
    const char* text = warning_text(code);
    if (!text || !t_warnings) return;
    std::string w = text;
    if (item && *item) w += " (" + collapse_whitespace(sanitize_utf8(utf8_truncate(item, 60))) + ")";
    if (offset >= 0) w += " at byte " + std::to_string(offset);
    for (const auto& e : *t_warnings)
        if (e == w) return;
    if (t_warnings->size() < 20) t_warnings->push_back(std::move(w));
}

GMimeParserOptions* parser_options() {
    // One options object per thread: GMime objects are not thread-safe.
    thread_local GMimeParserOptions* opts = [] {
        GMimeParserOptions* o = g_mime_parser_options_new();
        static const char* k_fallback[] = {"UTF-8", "GB18030", "windows-1252", nullptr};
        g_mime_parser_options_set_fallback_charsets(o, k_fallback);
        g_mime_parser_options_set_warning_callback(o, on_warning, nullptr);
        return o;
    }();
    return opts;
}

std::string stream_bytes(GMimeStream* mem) {
    GByteArray* arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    return std::string(reinterpret_cast<const char*>(arr->data), arr->len);
}

// True when most of `s` is not base64 at all: 8-bit text wrongly labelled base64 (a third of
// such labels in trec06c spam) must be read as the text it is, not decoded into garbage.
bool not_base64(const std::string& s) {
    std::size_t bad = 0, total = 0;
    for (unsigned char c : s) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        ++total;
        if (!(std::isalnum(c) || c == '+' || c == '/' || c == '=')) ++bad;
    }
    return total > 0 && bad * 10 > total;
}

// A part's content, decoded in a stream: size and SHA-256 of all of it, and at most `keep`
// bytes of it in memory (see k_max_part_decode), so a huge attachment is never held twice.
struct Decoded {
    std::string bytes;
    std::uint64_t size = 0;
    Sha256 sha256{};
    bool complete = true;  // `bytes` holds all of it
};

Decoded decode_content(GMimePart* part, std::size_t keep) {
    Decoded d;
    Sha256Hasher h;
    auto take = [&](const char* p, std::size_t n) {
        h.update(p, n);
        d.size += n;
        std::size_t room = keep - std::min(keep, d.bytes.size());
        if (n > room) d.complete = false;
        d.bytes.append(p, std::min(n, room));
    };
    GMimeDataWrapper* w = g_mime_part_get_content(part);
    GMimeStream* raw = w ? g_mime_data_wrapper_get_stream(w) : nullptr;
    if (!raw) {
        d.sha256 = h.finish();
        return d;
    }
    GMimeContentEncoding enc = g_mime_data_wrapper_get_encoding(w);
    std::vector<char> in(1 << 16), out;
    g_mime_stream_reset(raw);
    if (enc == GMIME_CONTENT_ENCODING_BASE64) {
        ssize_t n = g_mime_stream_read(raw, in.data(), in.size());
        if (n > 0 && not_base64(std::string(in.data(), static_cast<std::size_t>(n))))
            enc = GMIME_CONTENT_ENCODING_DEFAULT;  // read as the text it is
        g_mime_stream_reset(raw);
    }
    GMimeEncoding state;
    g_mime_encoding_init_decode(&state, enc);
    bool identity = enc != GMIME_CONTENT_ENCODING_BASE64 &&
                    enc != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE &&
                    enc != GMIME_CONTENT_ENCODING_UUENCODE;
    for (;;) {
        ssize_t n = g_mime_stream_read(raw, in.data(), in.size());
        if (n <= 0) break;
        if (identity) {
            take(in.data(), static_cast<std::size_t>(n));
            continue;
        }
        out.resize(g_mime_encoding_outlen(&state, static_cast<std::size_t>(n)));
        std::size_t m = g_mime_encoding_step(&state, in.data(), static_cast<std::size_t>(n), out.data());
        take(out.data(), m);
    }
    if (!identity) {
        out.resize(g_mime_encoding_outlen(&state, 0) + 16);
        std::size_t m = g_mime_encoding_flush(&state, nullptr, 0, out.data());
        take(out.data(), m);
    }
    g_mime_stream_reset(raw);
    d.sha256 = h.finish();
    return d;
}

std::string bytes_of(GMimeObject* obj, bool content_only) {
    if (content_only && GMIME_IS_PART(obj)) {
        Decoded d = decode_content(GMIME_PART(obj), k_max_part_decode);
        return std::move(d.bytes);
    }
    GMimeStream* mem = g_mime_stream_mem_new();
    g_mime_object_write_to_stream(obj, nullptr, mem);
    std::string out = stream_bytes(mem);
    g_object_unref(mem);
    return out;
}

std::string lower_type(GMimeContentType* ct) {
    if (!ct) return "text/plain";
    const char* t = g_mime_content_type_get_media_type(ct);
    const char* s = g_mime_content_type_get_media_subtype(ct);
    return ascii_lower(std::string(t ? t : "application") + "/" + (s ? s : "octet-stream"));
}

void add_addresses(InternetAddressList* list, std::vector<Address>& out, int depth = 0) {
    if (!list || depth > 4) return;
    int n = internet_address_list_length(list);
    for (int i = 0; i < n && out.size() < 2000; ++i) {
        InternetAddress* ia = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_GROUP(ia)) {
            add_addresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), out,
                          depth + 1);
            continue;
        }
        Address a;
        const char* name = internet_address_get_name(ia);
        if (name) a.name = sanitize_utf8(collapse_whitespace(name));
        const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
        if (addr) a.addr = ascii_lower(sanitize_utf8(trim(addr)));
        if (!a.addr.empty() || !a.name.empty()) out.push_back(std::move(a));
    }
}

// The first charset= parameter anywhere in the message: which charset its author's software
// wrote, the best hint for raw 8-bit header bytes (a part's name, a forwarded subject).
std::string first_charset_param(std::string_view raw) {
    std::size_t limit = std::min<std::size_t>(raw.size(), 64 * 1024);
    for (std::size_t p = 0; p + 8 < limit; ++p) {
        if ((raw[p] != 'c' && raw[p] != 'C') || !istarts_with(raw.substr(p), "charset=")) continue;
        std::size_t i = p + 8;
        while (i < limit && (raw[i] == '"' || raw[i] == '\'' || raw[i] == ' ')) ++i;
        std::size_t j = i;
        while (j < limit && (std::isalnum(static_cast<unsigned char>(raw[j])) || raw[j] == '-' ||
                             raw[j] == '_' || raw[j] == '.' || raw[j] == ':'))
            ++j;
        std::string cs(raw.substr(i, j - i));
        if (!canonical_charset(cs).empty()) return cs;
    }
    return {};
}

// Addresses GMime's parser rejects but that real mail is full of ("k..allen@enron.com",
// "lydecker.jr.@enron.com": obsolete local parts of the Enron era): taken from a plain split
// of the header so that no sender or recipient is lost.
void salvage_addresses(const std::string& value, std::vector<Address>& out, std::size_t from) {
    std::vector<std::string> parsed;
    for (std::size_t i = from; i < out.size(); ++i) parsed.push_back(out[i].addr);
    std::vector<std::string> items;
    std::string cur;
    bool quote = false;
    int angle = 0, paren = 0;
    for (char c : value) {
        if (c == '"' && !paren) quote = !quote;
        else if (!quote && c == '(') ++paren;
        else if (!quote && c == ')' && paren) --paren;
        else if (!quote && !paren && c == '<') ++angle;
        else if (!quote && !paren && c == '>' && angle) --angle;
        if ((c == ',' || c == ';') && !quote && !paren && !angle) {
            items.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    items.push_back(cur);
    for (const std::string& item : items) {
        std::string addr, name;
        std::size_t lt = item.find('<'), gt = item.rfind('>');
        if (lt != std::string::npos && gt != std::string::npos && gt > lt) {
            addr = std::string(trim(std::string_view(item).substr(lt + 1, gt - lt - 1)));
            name = std::string(trim(std::string_view(item).substr(0, lt)));
        } else {
            addr = std::string(trim(item));
        }
        if (std::size_t colon = addr.rfind(':'); colon != std::string::npos) addr.erase(0, colon + 1);
        if (addr.find('@') == std::string::npos || addr.find(' ') != std::string::npos) continue;
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
            name = name.substr(1, name.size() - 2);
        addr = ascii_lower(addr);
        // Each address GMime parsed accounts for one item; duplicates in the header stay.
        auto it = std::find(parsed.begin(), parsed.end(), addr);
        if (it != parsed.end()) {
            parsed.erase(it);
            continue;
        }
        out.push_back({sanitize_utf8(collapse_whitespace(name)), sanitize_utf8(addr)});
    }
}

// Every header `name` of the message, charset-repaired, parsed by GMime's address parser.
void header_addresses(const HeaderBlock& hb, const char* name, std::vector<Address>& out,
                      const std::string& raw_charset) {
    for (const auto& h : hb.headers) {
        if (!iequals(h.name, name)) continue;
        std::string value = decode_address_header(h.value, raw_charset);
        std::size_t before = out.size();
        InternetAddressList* list = internet_address_list_parse(parser_options(), value.c_str());
        if (list) {
            add_addresses(list, out);
            g_object_unref(list);
        }
        std::size_t parsed = out.size();
        salvage_addresses(value, out, before);
        if (out.size() == parsed) continue;
        // Salvaged addresses were appended; put every address back in header order.
        std::string lower = ascii_lower(value);
        auto addr_char = [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
                   c == '%' || c == '+' || c == '-' || c == '@';
        };
        // The k-th copy of an address sorts at its k-th place in the header.
        std::map<std::string, std::size_t> next_from;
        std::vector<std::pair<std::size_t, Address>> placed;
        for (std::size_t i = before; i < out.size(); ++i) {
            const std::string& a = out[i].addr;
            std::size_t where = lower.size() + i;
            if (!a.empty()) {
                for (std::size_t p = lower.find(a, next_from[a]); p != std::string::npos;
                     p = lower.find(a, p + 1)) {
                    std::size_t e = p + a.size();
                    if ((p == 0 || !addr_char(lower[p - 1])) &&
                        (e >= lower.size() || !addr_char(lower[e]))) {
                        where = p;
                        next_from[a] = e;
                        break;
                    }
                }
            }
            placed.emplace_back(where, std::move(out[i]));
        }
        std::stable_sort(placed.begin(), placed.end(),
                         [](const auto& x, const auto& y) { return x.first < y.first; });
        out.resize(before);
        for (auto& [where, a] : placed) out.push_back(std::move(a));
    }
}

// Text of a leaf text part, decoded with the charset rules of charset.hpp.
std::string part_text(GMimeObject* obj, const std::string& type, std::vector<std::string>& warn,
                      const std::string& path) {
    std::string raw;
    if (GMIME_IS_PART(obj)) {
        Decoded dec = decode_content(GMIME_PART(obj), k_max_part_decode);
        if (!dec.complete && warn.size() < 20)
            warn.push_back("part " + path + ": " + std::to_string(dec.size) +
                           " bytes decoded, text read from the first " +
                           std::to_string(k_max_part_decode) + " only" + k_limit_mark);
        raw = std::move(dec.bytes);
    } else {
        raw = bytes_of(obj, false);
    }
    GMimeContentType* ct = g_mime_object_get_content_type(obj);
    const char* cs = ct ? g_mime_content_type_get_parameter(ct, "charset") : nullptr;
    std::string declared = cs ? cs : "";
    if (type == "text/html" && declared.empty()) declared = html_meta_charset(raw);
    DecodedText d = decode_to_utf8(raw, declared);
    if (d.guessed && !declared.empty() && !canonical_charset(declared).empty()) {
        std::string w = "part " + path + ": declared charset " + declared +
                        " does not fit, read as " + d.charset;
        if (warn.size() < 20 && std::find(warn.begin(), warn.end(), w) == warn.end())
            warn.push_back(std::move(w));
    }
    if (type == "text/html") return html_to_text(d.text);
    return std::move(d.text);
}

struct Walker {
    Message& msg;
    const ParseLimits& limits;
    // Inside an alternative the reader did not choose: its text is another rendering of the
    // body, but its attachments (images of the HTML branch) are still attachments.
    bool attachments_only = false;

    void append_body(const std::string& text) {
        if (text.empty() || msg.body.size() >= limits.max_body_text) return;
        if (!msg.body.empty()) msg.body += "\n\n";
        msg.body += utf8_truncate(text, limits.max_body_text - msg.body.size());
    }

    static bool is_attachment(GMimeObject* obj) {
        GMimeContentDisposition* cd = g_mime_object_get_content_disposition(obj);
        if (cd && g_mime_content_disposition_is_attachment(cd)) return true;
        return GMIME_IS_PART(obj) && g_mime_part_get_filename(GMIME_PART(obj)) != nullptr;
    }

    void add_attachment(GMimeObject* obj, const std::string& path, std::string text,
                        const std::string& type) {
        Attachment a;
        a.part = path;
        a.content_type = type;
        if (GMIME_IS_PART(obj)) {
            const char* fn = g_mime_part_get_filename(GMIME_PART(obj));
            if (fn) a.filename = sanitize_utf8(decode_header_text(fn));
        }
        std::string bytes;
        if (GMIME_IS_PART(obj)) {
            // Streamed: only handover --attach holds an attachment's bytes in memory.
            Decoded d = decode_content(GMIME_PART(obj),
                                       limits.keep_attachment_bytes ? k_max_message_bytes : 0);
            a.size = d.size;
            a.sha256 = d.sha256;
            bytes = std::move(d.bytes);
        } else {
            bytes = bytes_of(obj, false);
            a.size = bytes.size();
            a.sha256 = sha256(bytes);
        }
        GMimeContentDisposition* cd = g_mime_object_get_content_disposition(obj);
        a.is_inline = cd && !g_mime_content_disposition_is_attachment(cd);
        a.text = utf8_truncate(text, limits.max_attachment_text);
        if (limits.keep_attachment_bytes) a.data = std::move(bytes);
        msg.attachments.push_back(std::move(a));
    }

    // Text of an embedded message: its headers as a reader sees them, then its body.
    std::string embedded_text(GMimeMessage* m, const std::string& path, int depth) {
        Message inner;
        Walker w{inner, limits};
        GMimeObject* root = g_mime_message_get_mime_part(m);
        if (root) w.visit(root, path, depth + 1);
        for (auto& a : inner.attachments) msg.attachments.push_back(std::move(a));
        for (auto& x : inner.warnings)
            if (msg.warnings.size() < 20 &&
                std::find(msg.warnings.begin(), msg.warnings.end(), x) == msg.warnings.end())
                msg.warnings.push_back(std::move(x));
        std::string t;
        const char* subj = g_mime_message_get_subject(m);
        InternetAddressList* from = g_mime_message_get_from(m);
        if (from) {
            char* f = internet_address_list_to_string(from, nullptr, FALSE);
            if (f) t += "From: " + sanitize_utf8(f) + "\n";
            g_free(f);
        }
        if (subj) t += "Subject: " + sanitize_utf8(subj) + "\n";
        t += "\n" + inner.body;
        return t;
    }

    void visit(GMimeObject* obj, const std::string& path, int depth) {
        if (!obj) return;
        if (depth > k_max_mime_depth) {
            // Not descended into: a recursion bomb must not cost stack; raw bytes stay stored.
            std::string w = "MIME nesting deeper than " + std::to_string(k_max_mime_depth) +
                            " levels: part " + path + " and below not read" + k_limit_mark;
            if (std::find(msg.warnings.begin(), msg.warnings.end(), w) == msg.warnings.end())
                msg.warnings.push_back(std::move(w));
            return;
        }
        std::string type = lower_type(g_mime_object_get_content_type(obj));
        auto child_path = [&](int i) {
            return path.empty() ? std::to_string(i + 1) : path + "." + std::to_string(i + 1);
        };

        if (GMIME_IS_MULTIPART(obj)) {
            GMimeMultipart* mp = GMIME_MULTIPART(obj);
            int n = g_mime_multipart_get_count(mp);
            if (n == 0) {
                // No boundary line anywhere: GMime keeps the whole body as the prologue. Many
                // real mails (a third of trec06c) are like this; their text must not be lost.
                const char* pro = g_mime_multipart_get_prologue(mp);
                if (pro && *pro && !attachments_only) {
                    GMimeContentType* ct = g_mime_object_get_content_type(obj);
                    const char* cs = ct ? g_mime_content_type_get_parameter(ct, "charset") : nullptr;
                    append_body(decode_to_utf8(pro, cs ? cs : "").text);
                }
                return;
            }
            if (type == "multipart/alternative") {
                // Prefer the plain text; fall back to HTML, then to the first nested multipart.
                int best = -1, html = -1, nested = -1;
                for (int i = 0; i < n; ++i) {
                    GMimeObject* c = g_mime_multipart_get_part(mp, i);
                    std::string ct = lower_type(g_mime_object_get_content_type(c));
                    if (ct == "text/plain" && best < 0) best = i;
                    else if (ct == "text/html" && html < 0) html = i;
                    else if (GMIME_IS_MULTIPART(c) && nested < 0) nested = i;
                }
                int pick = best >= 0 ? best : html >= 0 ? html : nested >= 0 ? nested : 0;
                if (best >= 0) {
                    GMimeObject* c = g_mime_multipart_get_part(mp, best);
                    std::string t = part_text(c, "text/plain", msg.warnings, child_path(best));
                    if (trim(t).empty() && html >= 0) pick = html; // empty plain, real HTML
                }
                if (n > 0) visit(g_mime_multipart_get_part(mp, pick), child_path(pick), depth + 1);
                bool saved = attachments_only;
                attachments_only = true;
                for (int i = 0; i < n; ++i)
                    if (i != pick) visit(g_mime_multipart_get_part(mp, i), child_path(i), depth + 1);
                attachments_only = saved;
                return;
            }
            for (int i = 0; i < n; ++i)
                visit(g_mime_multipart_get_part(mp, i), child_path(i), depth + 1);
            return;
        }

        if (GMIME_IS_MESSAGE_PART(obj)) {
            GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
            std::string text = inner ? embedded_text(inner, path, depth) : std::string();
            add_attachment(obj, path, std::move(text), "message/rfc822");
            const char* named = g_mime_object_get_content_disposition_parameter(obj, "filename");
            if (!named) named = g_mime_object_get_content_type_parameter(obj, "name");
            if (named && !msg.attachments.empty())
                msg.attachments.back().filename = sanitize_utf8(decode_header_text(named));
            if (!msg.attachments.empty() && msg.attachments.back().filename.empty() && inner) {
                const char* s = g_mime_message_get_subject(inner);
                msg.attachments.back().filename =
                    sanitize_utf8(s && *s ? std::string(s) : "message") + ".eml";
            }
            return;
        }

        if (GMIME_IS_MESSAGE_PARTIAL(obj) || !GMIME_IS_PART(obj)) {
            add_attachment(obj, path, {}, type);
            return;
        }

        bool textual = type.rfind("text/", 0) == 0;
        if (textual && !is_attachment(obj) && attachments_only) return;
        if (textual && !is_attachment(obj)) {
            if (type == "text/plain" || type == "text/html" || type == "text/enriched" ||
                type == "text/richtext")
                append_body(part_text(obj, type, msg.warnings, path.empty() ? "1" : path));
            else
                add_attachment(obj, path, part_text(obj, type, msg.warnings, path), type);
            return;
        }
        std::string text;
        if (textual) text = part_text(obj, type, msg.warnings, path);
        add_attachment(obj, path.empty() ? "1" : path, std::move(text), type);
    }
};

std::optional<std::int64_t> received_date(GMimeMessage* m, int& offset_min) {
    // Date missing or unparsable: the first Received header's timestamp is the next best.
    GMimeHeaderList* hl = g_mime_object_get_header_list(GMIME_OBJECT(m));
    int n = g_mime_header_list_get_count(hl);
    for (int i = 0; i < n; ++i) {
        GMimeHeader* h = g_mime_header_list_get_header_at(hl, i);
        if (g_ascii_strcasecmp(g_mime_header_get_name(h), "Received") != 0) continue;
        const char* v = g_mime_header_get_raw_value(h);
        const char* semi = v ? strrchr(v, ';') : nullptr;
        if (!semi) continue;
        GDateTime* dt = g_mime_utils_header_decode_date(semi + 1);
        if (!dt) continue;
        std::int64_t t = g_date_time_to_unix(dt);
        offset_min = static_cast<int>(g_date_time_get_utc_offset(dt) / G_TIME_SPAN_MINUTE);
        g_date_time_unref(dt);
        return t;
    }
    return std::nullopt;
}

// Header floods: headers past k_max_headers or k_max_header_bytes are ignored for fields and
// indexing (the stored bytes keep them).
void limit_headers(HeaderBlock& hb, std::vector<std::string>& warnings) {
    std::size_t bytes = 0, keep = 0;
    for (; keep < hb.headers.size() && keep < k_max_headers; ++keep) {
        bytes += hb.headers[keep].name.size() + hb.headers[keep].value.size();
        if (bytes > k_max_header_bytes) break;
    }
    if (keep == hb.headers.size()) return;
    std::size_t total = 0;
    for (const auto& h : hb.headers) total += h.name.size() + h.value.size();
    warnings.push_back(std::to_string(hb.headers.size()) + " headers of " +
                       std::to_string(total) + " bytes: only the first " + std::to_string(keep) +
                       " read" + k_limit_mark);
    hb.headers.resize(keep);
}

} // namespace

bool Message::has_attachment() const {
    for (const auto& a : attachments)
        if (a.content_type != "application/pgp-signature" &&
            a.content_type != "application/pkcs7-signature" &&
            a.content_type != "application/x-pkcs7-signature")
            return true;
    return false;
}

void mime_init() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

Result<Message> parse_message(std::string_view raw, const ParseLimits& limits) {
    mime_init();
    HeaderBlock hb = scan_headers(raw);
    if (hb.headers.empty())
        return fail(Errc::bad_input, "no RFC 822 header found",
                    "the file is not an email message (or its first line is damaged)");

    Message msg;
    limit_headers(hb, msg.warnings);
    // One charset for the message's unencoded 8-bit header bytes, used by our decoders and,
    // through the fallback list, by GMime for the headers it decodes (part names, inner
    // messages). GMime's default list would try GB18030 before Latin-1 on every message.
    std::vector<std::string_view> values;
    for (const auto& h : hb.headers) values.emplace_back(h.value);
    const std::string hint = first_charset_param(raw);
    const std::string raw_cs = header_raw_charset(values, hint);
    std::string fallback = !raw_cs.empty() ? raw_cs : !hint.empty() ? canonical_charset(hint) : "GB18030";
    const char* fallbacks[] = {"UTF-8", fallback.c_str(), "windows-1252", nullptr};
    g_mime_parser_options_set_fallback_charsets(parser_options(), fallbacks);
    // A header block that ends without its blank line (broken mailers, hand-made files):
    // parse as if the blank line were there, so the first body line is not taken as a
    // malformed header and the body is kept. The stored bytes stay as they were.
    std::string repaired;
    std::string_view input = raw;
    if (!hb.has_separator && !hb.body.empty()) {
        std::size_t at = static_cast<std::size_t>(hb.body.data() - raw.data());
        repaired.reserve(raw.size() + 1);
        repaired.append(raw.substr(0, at)).append("\n").append(raw.substr(at));
        input = repaired;
    }
    // Lines of only spaces before the first header (seen in the wild) would end the header
    // block for GMime at once.
    while (!input.empty()) {
        std::size_t nl = input.find('\n');
        std::string_view line = input.substr(0, nl);
        if (nl == std::string_view::npos || !trim(line).empty() || line.empty()) break;
        input.remove_prefix(nl + 1);
    }
    // GMime reads a leading mbox "From " line as a broken header; it is not part of the mail.
    if (input.substr(0, 5) == "From ") {
        std::size_t nl = input.find('\n');
        input.remove_prefix(nl == std::string_view::npos ? input.size() : nl + 1);
    }
    t_warnings = &msg.warnings;
    GMimeStream* st = g_mime_stream_mem_new_with_buffer(input.data(), input.size());
    GMimeParser* parser = g_mime_parser_new_with_stream(st);
    g_object_unref(st);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    GMimeMessage* m = g_mime_parser_construct_message(parser, parser_options());
    g_object_unref(parser);
    t_warnings = nullptr;
    if (!m) return fail(Errc::bad_input, "GMime could not parse the message");

    if (!hb.has_separator && !hb.body.empty())
        msg.warnings.push_back("header block not ended by a blank line");

    if (const char* id = g_mime_message_get_message_id(m)) msg.message_id = sanitize_utf8(id);
    if (const RawHeader* h = hb.find("In-Reply-To")) msg.in_reply_to = parse_message_id_list(h->value);
    if (const RawHeader* h = hb.find("References")) msg.references = parse_message_id_list(h->value);

    if (const RawHeader* h = hb.find("Subject")) msg.subject = decode_header_text(h->value, raw_cs);

    if (GDateTime* dt = g_mime_message_get_date(m)) {
        msg.date = g_date_time_to_unix(dt);
        msg.tz_offset_min = static_cast<int>(g_date_time_get_utc_offset(dt) / G_TIME_SPAN_MINUTE);
    } else {
        msg.date = received_date(m, msg.tz_offset_min);
        msg.warnings.push_back(msg.date ? "no usable Date header; date taken from Received"
                                        : "no usable Date header");
    }

    std::vector<Address> from;
    header_addresses(hb, "From", from, raw_cs);
    if (from.empty()) header_addresses(hb, "Sender", from, raw_cs);
    if (!from.empty()) msg.from = std::move(from.front());
    else if (const RawHeader* h = hb.find("From"))
        msg.from.name = decode_header_text(h->value, raw_cs); // "andy at example.com (Andy)"

    header_addresses(hb, "To", msg.to, raw_cs);
    header_addresses(hb, "Cc", msg.cc, raw_cs);
    header_addresses(hb, "Bcc", msg.bcc, raw_cs);
    header_addresses(hb, "Reply-To", msg.reply_to, raw_cs);

    Walker w{msg, limits};
    if (GMimeObject* root = g_mime_message_get_mime_part(m)) w.visit(root, "", 0);
    g_object_unref(m);
    return msg;
}

} // namespace ms
