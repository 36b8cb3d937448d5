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

std::string signature_title(std::string_view body) {
    static const char* const k_words[] = {
        "经理", "总监", "主管", "总裁", "董事", "主任", "助理", "采购", "顾问", "专员", "会计",
        "工程师", "经理助理", "負責人", "经理人",
        "manager", "director", "head of", "buyer", "purchasing", "procurement", "president",
        "officer", "assistant", "specialist", "coordinator", "engineer", "consultant", "owner",
        "ceo", "cfo", "coo", "vp ", "chief", "partner", "accountant", "controller"};
    std::vector<std::string> lines;  // the new text, without quotes
    std::size_t pos = 0;
    while (pos <= body.size()) {
        std::size_t nl = body.find('\n', pos);
        std::string_view line = body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? body.size() + 1 : nl + 1;
        if (history_starts(line)) break;
        std::string_view t = trim(line);
        if (!t.empty() && t.front() != '>') lines.emplace_back(t);
    }
    std::size_t from = lines.size() > 8 ? lines.size() - 8 : 0;
    for (std::size_t i = lines.size(); i-- > from;) {
        const std::string& l = lines[i];
        if (display_width(l) > 48 || l.find('@') != std::string::npos || is_greeting(l)) continue;
        // "Wang Fang | Sales Assistant": the part that names the job.
        for (const auto& part : split(l, '|')) {
            std::string p(trim(part));
            std::string low = ascii_lower(p) + " ";
            for (const char* w : k_words)
                if (low.find(w) != std::string::npos) return p;
        }
    }
    return "";
}

} // namespace ms
