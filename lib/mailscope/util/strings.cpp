#include "mailscope/util/strings.hpp"

#include <cstdint>
#include <cstring>

namespace ms {

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string_view trim(std::string_view s) {
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && ws(s.front())) s.remove_prefix(1);
    while (!s.empty() && ws(s.back())) s.remove_suffix(1);
    return s;
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        std::size_t p = s.find(sep, start);
        out.emplace_back(s.substr(start, p == std::string_view::npos ? s.npos : p - start));
        if (p == std::string_view::npos) break;
        start = p + 1;
    }
    return out;
}

std::string collapse_whitespace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = !out.empty();
        } else {
            if (space) out.push_back(' ');
            space = false;
            out.push_back(c);
        }
    }
    return out;
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid.
static std::size_t utf8_seq_len(std::string_view s, std::size_t i) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = b(i);
    if (c < 0x80) return 1;
    std::size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c == 0xE0) { n = 3; lo = 0xA0; }
    else if (c >= 0xE1 && c <= 0xEC) n = 3;
    else if (c == 0xED) { n = 3; hi = 0x9F; }
    else if (c >= 0xEE && c <= 0xEF) n = 3;
    else if (c == 0xF0) { n = 4; lo = 0x90; }
    else if (c >= 0xF1 && c <= 0xF3) n = 4;
    else if (c == 0xF4) { n = 4; hi = 0x8F; }
    else return 0;
    if (i + n > s.size()) return 0;
    if (b(i + 1) < lo || b(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
    return n;
}

// Offset of the first invalid UTF-8 sequence, or s.size(). ASCII goes eight bytes at a time:
// mail is mostly ASCII, and every text the scanner reads passes through here.
static std::size_t first_invalid(std::string_view s) {
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        while (i + 8 <= n) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = utf8_seq_len(s, i);
        if (!len) return i;
        i += len;
    }
    return n;
}

bool is_valid_utf8(std::string_view s) { return first_invalid(s) == s.size(); }

std::string sanitize_utf8(std::string_view s) {
    std::size_t bad = first_invalid(s);
    if (bad == s.size()) return std::string(s);
    std::string out(s.substr(0, bad));
    s.remove_prefix(bad);
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = utf8_seq_len(s, i);
        if (n) {
            out.append(s.substr(i, n));
            i += n;
        } else {
            out.append("\xEF\xBF\xBD");
            ++i;
        }
    }
    return out;
}

std::string utf8_truncate(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return std::string(s);
    std::size_t n = max_bytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return std::string(s.substr(0, n));
}

// Decodes the code point at s[i] (valid UTF-8 assumed; invalid bytes count as one column).
static char32_t code_point_at(std::string_view s, std::size_t i, std::size_t& len) {
    len = utf8_seq_len(s, i);
    if (len == 0) {
        len = 1;
        return 0xFFFD;
    }
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    if (len == 1) return b(0);
    if (len == 2) return (b(0) & 0x1Fu) << 6 | (b(1) & 0x3Fu);
    if (len == 3) return (b(0) & 0x0Fu) << 12 | (b(1) & 0x3Fu) << 6 | (b(2) & 0x3Fu);
    return (b(0) & 0x07u) << 18 | (b(1) & 0x3Fu) << 12 | (b(2) & 0x3Fu) << 6 | (b(3) & 0x3Fu);
}

char32_t next_code_point(std::string_view s, std::size_t& i) {
    std::size_t len;
    char32_t c = code_point_at(s, i, len);
    i += len;
    return c;
}

static std::size_t cp_width(char32_t c) {
    // The wide ranges of Unicode's East Asian Width property that mail actually uses.
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
        (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) ||
        (c >= 0x20000 && c <= 0x3FFFD))
        return 2;
    if (c < 0x20 || (c >= 0x300 && c <= 0x36F) || c == 0x200B) return 0;
    return 1;
}

std::size_t display_width(std::string_view s) {
    std::size_t w = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len;
        w += cp_width(code_point_at(s, i, len));
        i += len;
    }
    return w;
}

std::string fit_display(std::string_view s, std::size_t width) {
    std::string out;
    std::size_t w = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len;
        std::size_t cw = cp_width(code_point_at(s, i, len));
        if (w + cw > width) break;
        out.append(s.substr(i, len));
        w += cw;
        i += len;
    }
    out.append(width - w, ' ');
    return out;
}

std::string normalize_message_id(std::string_view s) {
    s = trim(s);
    if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = trim(s.substr(1, s.size() - 2));
    return std::string(s);
}

std::vector<std::string> parse_message_id_list(std::string_view s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t lt = s.find('<', i);
        if (lt == std::string_view::npos) break;
        std::size_t gt = s.find('>', lt + 1);
        if (gt == std::string_view::npos) break;
        std::string id(trim(s.substr(lt + 1, gt - lt - 1)));
        // Some mailers fold inside an id; whitespace is never part of one.
        std::erase_if(id, [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
        if (!id.empty()) out.push_back(std::move(id));
        i = gt + 1;
    }
    if (out.empty()) {
        // Broken mailers write bare ids without brackets.
        std::string t(trim(s));
        if (!t.empty() && t.find(' ') == std::string::npos && t.find('@') != std::string::npos)
            out.push_back(t);
    }
    return out;
}

} // namespace ms
