#include "mailscope/analytics/excerpt.hpp"

#include "mailscope/util/strings.hpp"

#include <vector>

namespace ms {

namespace {

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool ends(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Where the new text ends and the quoted history begins.
bool history_starts(std::string_view line) {
    std::string_view t = trim(line);
    if (starts(t, "-----Original Message-----") || starts(t, "----- Original Message -----") ||
        starts(t, "-----原始邮件-----") || starts(t, "------------------ 原始邮件") ||
        starts(t, "---------- Forwarded message") || starts(t, "-------- Original Message") ||
        starts(t, "________________________________"))
        return true;
    if ((starts(t, "On ") && (ends(t, "wrote:") || ends(t, "wrote :"))) ||
        (starts(t, "在") && (ends(t, "写道：") || ends(t, "写道:") || ends(t, "寫道："))))
        return true;
    // Outlook's reply header block: "From: ..." / "发件人: ..." on a line of its own.
    for (std::string_view h : {"From: ", "发件人: ", "发件人：", "寄件者: ", "寄件者："})
        if (starts(t, h)) return true;
    return false;
}

// "张经理：", "您好！", "Hi Mike,", "Dear all,": a short opening line that says nothing.
bool is_greeting(std::string_view t) {
    if (display_width(t) > 16) return false;
    for (std::string_view end : {"：", ":", "，", ",", "！", "!"})
        if (ends(t, end)) return true;
    return false;
}

} // namespace

std::string excerpt(std::string_view body, std::size_t max_lines, std::size_t max_bytes) {
    std::vector<std::string> kept;
    std::size_t pos = 0;
    while (pos <= body.size() && kept.size() < max_lines) {
        std::size_t nl = body.find('\n', pos);
        std::string_view line = body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? body.size() + 1 : nl + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line == "-- " || line == "--") break;  // signature
        if (history_starts(line)) break;
        std::string_view t = trim(line);
        if (t.empty() || t.front() == '>') continue;
        if (kept.empty() && is_greeting(t)) continue;
        kept.push_back(collapse_whitespace(t));
    }
    std::string out;
    for (const auto& k : kept) {
        if (!out.empty()) out += " / ";
        out += k;
    }
    return out.size() > max_bytes ? utf8_truncate(out, max_bytes) + "…" : out;
}

} // namespace ms
