#include "mailscope/mime/rfc2047.hpp"

#include "mailscope/mime/charset.hpp"
#include "mailscope/util/strings.hpp"

namespace ms {

std::string base64_decode(std::string_view in) {
    auto val = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    std::string out;
    out.reserve(in.size() * 3 / 4);
    unsigned acc = 0;
    int bits = 0;
    for (char c : in) {
        if (c == '=') break;
        int v = val(c);
        if (v < 0) continue;
        acc = (acc << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFF));
        }
    }
    return out;
}

static std::string q_decode(std::string_view in) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '_') {
            out.push_back(' ');
        } else if (c == '=' && i + 2 < in.size() && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2])));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

namespace {

struct EncodedWord {
    std::size_t begin = 0, end = 0; // byte range in the raw text
    std::string charset;
    std::string bytes;
};

// Parses "=?charset[*lang]?B|Q?text?=" at `pos`; false if it is not a well-formed word.
bool parse_word(std::string_view s, std::size_t pos, EncodedWord& w) {
    if (s.compare(pos, 2, "=?") != 0) return false;
    std::size_t q1 = s.find('?', pos + 2);
    if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') return false;
    char enc = s[q1 + 1];
    if (enc != 'B' && enc != 'b' && enc != 'Q' && enc != 'q') return false;
    std::size_t end = s.find("?=", q1 + 3);
    if (end == std::string_view::npos) return false;
    std::string_view text = s.substr(q1 + 3, end - q1 - 3);
    if (text.find(' ') != std::string_view::npos && (enc == 'B' || enc == 'b')) return false;
    std::string cs(s.substr(pos + 2, q1 - pos - 2));
    if (auto star = cs.find('*'); star != std::string::npos) cs.resize(star); // RFC 2231 lang
    if (cs.empty() || cs.size() > 40) return false;
    w.begin = pos;
    w.end = end + 2;
    w.charset = ascii_lower(cs);
    w.bytes = (enc == 'B' || enc == 'b') ? base64_decode(text) : q_decode(text);
    return true;
}

void append_plain(std::string& out, std::string_view seg, std::string_view raw_charset) {
    if (seg.empty()) return;
    out += decode_to_utf8(seg, raw_charset).text;
}

} // namespace

static std::string quote_escaped(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out;
}

std::string header_raw_charset(const std::vector<std::string_view>& values,
                               std::string_view declared) {
    std::string high;
    for (std::string_view v : values)
        for (unsigned char c : v)
            if (c >= 0x80) {
                high.append(v);
                high.push_back(' ');
                break;
            }
    if (high.empty()) return {};
    return decode_to_utf8(high, declared).charset;
}

std::string decode_address_header(std::string_view raw, std::string_view raw_charset) {
    std::string v = (raw_charset.empty() ? is_valid_utf8(raw) : raw_charset == "UTF-8")
                        ? sanitize_utf8(raw)
                        : decode_to_utf8(raw, raw_charset).text;
    if (v.find("=?") == std::string::npos) return v;
    std::string out;
    bool in_quote = false;
    int comment = 0;
    for (std::size_t i = 0; i < v.size();) {
        char c = v[i];
        if (c == '\\' && (in_quote || comment) && i + 1 < v.size()) {
            out.append(v, i, 2);
            i += 2;
            continue;
        }
        if (c == '=' && i + 1 < v.size() && v[i + 1] == '?') {
            // A run of encoded words separated by whitespace becomes one decoded phrase.
            std::size_t end = i, j = i;
            EncodedWord w;
            while (parse_word(v, j, w)) {
                end = w.end;
                std::size_t k = end;
                while (k < v.size() && (v[k] == ' ' || v[k] == '\t')) ++k;
                if (v.compare(k, 2, "=?") != 0) break;
                j = k;
            }
            if (end > i) {
                std::string text = quote_escaped(decode_header_text(v.substr(i, end - i)));
                out += (in_quote || comment) ? text : "\"" + text + "\"";
                i = end;
                continue;
            }
        }
        if (c == '"' && !comment) in_quote = !in_quote;
        else if (c == '(' && !in_quote) ++comment;
        else if (c == ')' && !in_quote && comment) --comment;
        out.push_back(c);
        ++i;
    }
    return out;
}

std::string decode_header_text(std::string_view raw, std::string_view raw_charset) {
    std::string out;
    std::size_t pos = 0, plain_start = 0;
    std::string pending_cs, pending_bytes;
    auto flush = [&] {
        if (!pending_bytes.empty() || !pending_cs.empty())
            out += decode_to_utf8(pending_bytes, pending_cs).text;
        pending_bytes.clear();
        pending_cs.clear();
    };
    bool last_was_word = false;
    while (pos < raw.size()) {
        std::size_t q = raw.find("=?", pos);
        if (q == std::string_view::npos) break;
        EncodedWord w;
        if (!parse_word(raw, q, w)) {
            pos = q + 2;
            continue;
        }
        std::string_view gap = raw.substr(plain_start, q - plain_start);
        bool gap_is_space = trim(gap).empty();
        if (last_was_word && gap_is_space) {
            // Whitespace between encoded words is not part of the text (RFC 2047 6.2).
        } else {
            flush();
            append_plain(out, gap, raw_charset);
        }
        if (!pending_cs.empty() && pending_cs != w.charset) flush();
        pending_cs = w.charset;
        pending_bytes += w.bytes;
        last_was_word = true;
        pos = plain_start = w.end;
    }
    flush();
    append_plain(out, raw.substr(plain_start), raw_charset);
    // Control characters in a subject only confuse terminals and CSV.
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') c = ' ';
    return sanitize_utf8(collapse_whitespace(out));
}

} // namespace ms
