#include "mailscope/source/mbox_split.hpp"

#include <cstring>

namespace ms {

namespace {

bool has_time(std::string_view s) {
    for (std::size_t i = 0; i + 4 < s.size(); ++i) {
        auto d = [&](std::size_t k) { return s[k] >= '0' && s[k] <= '9'; };
        if (d(i) && s[i + 1] == ':' && d(i + 2) && d(i + 3)) return true;
        if (d(i) && d(i + 1) && s[i + 2] == ':' && d(i + 3) && i + 4 < s.size() && d(i + 4))
            return true;
    }
    return false;
}

bool has_year(std::string_view s) {
    for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
        bool four = true;
        for (std::size_t k = 0; k < 4; ++k)
            if (s[i + k] < '0' || s[i + k] > '9') four = false;
        bool alone = (i == 0 || s[i - 1] < '0' || s[i - 1] > '9') &&
                     (i + 4 == s.size() || s[i + 4] < '0' || s[i + 4] > '9');
        if (four && alone && (s[i] == '1' || s[i] == '2')) return true;
    }
    return false;
}

bool has_token(std::string_view s, const char* const* words, int n) {
    for (int i = 0; i < n; ++i)
        if (s.find(words[i]) != std::string_view::npos) return true;
    return false;
}

bool strict_envelope(std::string_view line) {
    static const char* const k_days[] = {" Mon ", " Tue ", " Wed ", " Thu ",
                                         " Fri ", " Sat ", " Sun "};
    static const char* const k_months[] = {" Jan ", " Feb ", " Mar ", " Apr ", " May ", " Jun ",
                                           " Jul ", " Aug ", " Sep ", " Oct ", " Nov ", " Dec "};
    return has_token(line, k_days, 7) && has_token(line, k_months, 12) && has_time(line) &&
           has_year(line);
}

// True when the line after `nl` is a well-known header field: what follows a real separator.
bool header_follows(std::string_view data, std::size_t nl) {
    static const char* const k_fields[] = {"from:",    "to:",         "date:",   "subject:",
                                           "received:", "return-path:", "message-id:",
                                           "delivered-to:", "mime-version:", "sender:",
                                           "x-", "status:", "reply-to:", "content-type:"};
    if (nl >= data.size()) return false;
    std::string_view next = data.substr(nl + 1, 40);
    for (const char* f : k_fields) {
        std::size_t len = std::strlen(f);
        if (next.size() < len) continue;
        bool match = true;
        for (std::size_t i = 0; i < len && match; ++i) {
            char c = next[i];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            match = c == f[i];
        }
        if (match) return true;
    }
    return false;
}

// "From -" or "From sender": at most one token after "From".
bool short_envelope(std::string_view line) {
    std::string_view rest = line.substr(5);
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r')) rest.remove_suffix(1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    // "From  :<x@y>" is a header line written with a space before the colon, not an envelope.
    return !rest.empty() && rest.find(' ') == std::string_view::npos &&
           rest.find_first_of(":<>\"") == std::string_view::npos;
}

} // namespace

bool is_envelope_line(std::string_view line, bool loose) {
    if (line.substr(0, 5) != "From ") return false;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view rest = line.substr(5);
    if (rest.empty() || rest.front() == ' ') return loose && !rest.empty();
    if (loose) return true;
    return has_time(rest) && has_year(rest);
}

MboxSplitter::MboxSplitter(std::string_view data) : m_data(data) {
    std::size_t pos = 0;
    // Some exporters start the file with a UTF-8 byte order mark; sniff() accepted it.
    if (data.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
    // Skip leading blank lines before the first separator.
    while (pos < data.size() && (data[pos] == '\n' || data[pos] == '\r')) ++pos;
    m_line_start = pos;
}

bool MboxSplitter::next(MboxRange& out) {
    const std::string_view data = m_data;
    const char* base = data.data();
    const std::size_t n = data.size();
    while (m_line_start < n) {
        const void* nlp = std::memchr(base + m_line_start, '\n', n - m_line_start);
        std::size_t nl = nlp ? static_cast<std::size_t>(static_cast<const char*>(nlp) - base) : n;
        std::string_view line(base + m_line_start, nl - m_line_start);
        bool blank = line.empty() || line == "\r";
        if (line.size() >= 5 && line[0] == 'F' && line.compare(0, 5, "From ") == 0) {
            // A body line may start with "From " (mboxo never escaped it); a separator has a
            // date, or is a bare "From -"/"From sender" line directly followed by headers.
            bool sep = !m_in_msg ? is_envelope_line(line, true)
                                 : (m_prev_blank && is_envelope_line(line, false)) ||
                                       strict_envelope(line) ||
                                       (header_follows(data, nl) &&
                                        (m_prev_blank || short_envelope(line) ||
                                         is_envelope_line(line, false)));
            if (sep) {
                bool emit = m_in_msg;
                if (emit) {
                    // The blank line before a separator is mbox framing, not message text.
                    std::size_t end = (m_prev_blank && m_last_blank != std::string::npos)
                                          ? m_last_blank
                                          : m_line_start;
                    if (end < m_cur_begin) end = m_cur_begin;
                    out = {m_cur_offset, m_cur_begin, end};
                }
                m_in_msg = true;
                m_cur_offset = m_line_start;
                m_cur_begin = nl < n ? nl + 1 : n;
                m_prev_blank = false;
                m_last_blank = std::string::npos;
                m_line_start = nl < n ? nl + 1 : n;
                if (emit) return true;
                continue;
            }
        }
        if (blank) m_last_blank = m_line_start;
        m_prev_blank = blank;
        m_line_start = nl < n ? nl + 1 : n;
    }
    if (!m_in_msg) return false;
    m_in_msg = false;
    std::size_t end = n;
    // Trailing blank line(s) at end of file are framing too.
    while (end > m_cur_begin && (data[end - 1] == '\n' || data[end - 1] == '\r')) {
        std::size_t k = end - 1;
        if (k > m_cur_begin && data[k] == '\n' &&
            (data[k - 1] == '\n' || (data[k - 1] == '\r' && k >= 2 && data[k - 2] == '\n')))
            end = data[k - 1] == '\r' ? k - 1 : k;
        else
            break;
    }
    out = {m_cur_offset, m_cur_begin, end};
    return true;
}

std::vector<MboxRange> split_mbox(std::string_view data) {
    std::vector<MboxRange> out;
    MboxSplitter splitter(data);
    for (MboxRange r; splitter.next(r);) out.push_back(r);
    return out;
}

std::string mbox_unescape(std::string_view msg) {
    std::string out;
    out.reserve(msg.size());
    std::size_t pos = 0;
    while (pos < msg.size()) {
        std::size_t nl = msg.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? msg.size() : nl + 1;
        std::string_view line = msg.substr(pos, end - pos);
        if (!line.empty() && line[0] == '>') {
            std::size_t k = 0;
            while (k < line.size() && line[k] == '>') ++k;
            if (line.compare(k, 5, "From ") == 0) line.remove_prefix(1);
        }
        out.append(line);
        pos = end;
    }
    return out;
}

} // namespace ms
