#include "mailscope/policy/evaluate.hpp"

#include "mailscope/util/strings.hpp"

#include <algorithm>
#include <cctype>

namespace ms {

namespace {

// Characters (code points) of UTF-8 text between byte offsets a <= b.
std::size_t chars_between(std::string_view s, std::size_t a, std::size_t b) {
    std::size_t n = 0;
    for (std::size_t i = a; i < b && i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
    return n;
}

// Characters between two spans of normalised text; 0 when they overlap.
std::size_t gap(std::string_view s, const Hit& x, const Hit& y) {
    if (x.end <= y.start) return chars_between(s, x.end, y.start);
    if (y.end <= x.start) return chars_between(s, y.end, x.start);
    return 0;
}

bool starts_with_any(std::string_view line, std::initializer_list<const char*> prefixes) {
    for (const char* p : prefixes)
        if (istarts_with(line, p)) return true;
    return false;
}

// Length of an English inflection (s, es, d, ed, ing) at `at` that ends the word, or 0.
std::size_t inflection_at(std::string_view s, std::size_t at) {
    auto word = [&](std::size_t i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        return std::isalnum(c) != 0 || c == '_';
    };
    for (std::string_view suffix : {"ing", "es", "ed", "s", "d"}) {
        if (s.compare(at, suffix.size(), suffix) != 0) continue;
        std::size_t end = at + suffix.size();
        if (end >= s.size() || !word(end)) return suffix.size();
    }
    return 0;
}

} // namespace

bool in_quoted_line(std::string_view text, std::size_t offset) {
    std::size_t start = offset > text.size() ? text.size() : offset;
    while (start > 0 && text[start - 1] != '\n') --start;
    while (start < text.size() && (text[start] == ' ' || text[start] == '\t')) ++start;
    return text.compare(start, 1, ">") == 0 || text.compare(start, 3, "\xEF\xBC\x9E") == 0;
}

std::size_t forwarded_from(std::string_view text) {
    std::vector<std::pair<std::size_t, std::string_view>> lines;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t nl = text.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        lines.emplace_back(pos, trim(text.substr(pos, end - pos)));
        pos = end + 1;
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view l = lines[i].second;
        std::string lower = ascii_lower(l);
        if (l.substr(0, 3) == "---" &&
            (lower.find("original message") != std::string::npos ||
             lower.find("forwarded message") != std::string::npos ||
             lower.find("forwarded by") != std::string::npos ||
             l.find("原始邮件") != std::string_view::npos ||
             l.find("邮件原件") != std::string_view::npos ||
             l.find("转发邮件") != std::string_view::npos ||
             l.find("原始郵件") != std::string_view::npos))
            return lines[i].first;
        if (lower == "begin forwarded message:") return lines[i].first;
        // Outlook's reply header: "From: ..." then "Sent: ..." (or the Chinese forms).
        if (starts_with_any(l, {"from:", "发件人:", "发件人：", "寄件者:", "寄件者：", "寄件人:",
                                "寄件人："})) {
            for (std::size_t k = i + 1; k < lines.size() && k <= i + 3; ++k)
                if (starts_with_any(lines[k].second,
                                    {"sent:", "date:", "发送时间:", "发送时间：", "时间:",
                                     "时间：", "日期:", "日期：", "寄件日期:", "寄件日期："}))
                    return lines[i].first;
        }
    }
    return text.size();
}

std::string make_snippet(std::string_view text, std::size_t start, std::size_t end,
                         std::size_t width) {
    end = std::min(end, text.size());
    start = std::min(start, end);
    std::size_t a = start, chars = 0;
    while (a > 0 && text[a - 1] != '\n' && chars < width) {
        --a;
        if ((static_cast<unsigned char>(text[a]) & 0xC0) != 0x80) ++chars;
    }
    std::size_t b = end;
    chars = 0;
    while (b < text.size() && text[b] != '\n' && chars < width) {
        ++b;
        while (b < text.size() && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) ++b;
        ++chars;
    }
    auto clean = [](std::string_view s) {
        std::string o(s);
        for (char& c : o)
            if (c == '\t' || c == '\r') c = ' ';
        return o;
    };
    std::string out;
    if (a > 0 && text[a - 1] != '\n') out += "…";
    std::string match = clean(text.substr(start, end - start));
    for (char& c : match)
        if (c == '\n') c = ' '; // a match across a line break stays on one line
    out += clean(text.substr(a, start - a)) + "«" + match + "»" + clean(text.substr(end, b - end));
    if (b < text.size() && text[b] != '\n') out += "…";
    return sanitize_utf8(out);
}

bool rule_applies(const Rule& r, const Scene& scene) {
    const Scope& s = r.scope;
    if (!s.roles.empty() &&
        (!scene.sender ||
         std::find(s.roles.begin(), s.roles.end(), scene.sender->role) == s.roles.end()))
        return false;
    if (!s.departments.empty() &&
        (!scene.sender || std::find(s.departments.begin(), s.departments.end(),
                                    scene.sender->department) == s.departments.end()))
        return false;
    if (!s.directions.empty() &&
        (!scene.known || std::find(s.directions.begin(), s.directions.end(),
                                   scene.direction) == s.directions.end()))
        return false;
    return true;
}

Result<std::vector<Finding>> Evaluator::evaluate(const std::vector<FieldText>& fields,
                                                 const Scene& scene) {
    std::vector<Finding> out;
    const auto& rules = m_rules.rules();
    const auto& patterns = m_rules.patterns();
    std::vector<char> active(rules.size());
    bool any = false;
    for (std::size_t i = 0; i < rules.size(); ++i) any |= (active[i] = applies(rules[i], scene));
    if (!any) return out;

    for (const FieldText& field : fields) {
        if (field.text.empty()) continue;
        m_rules.normalizer().normalize(field.text, m_norm);
        m_hits.clear();
        MS_TRY(m_matcher.scan(m_norm.text, m_hits));
        if (m_hits.empty()) continue;
        // Hits of active rules, by rule, in text order (longest first at one start).
        std::sort(m_hits.begin(), m_hits.end(), [](const Hit& a, const Hit& b) {
            return a.start != b.start ? a.start < b.start : a.end > b.end;
        });
        std::vector<std::vector<Hit>> primary(rules.size()), near(rules.size()),
            except(rules.size());
        auto word = [&](std::size_t at) {
            unsigned char c = static_cast<unsigned char>(m_norm.text[at]);
            return std::isalnum(c) != 0 || c == '_';
        };
        for (Hit h : m_hits) {
            const Pattern& p = patterns[h.pattern];
            if (!active[p.rule]) continue;
            if (p.word_start && h.start > 0 && word(h.start - 1)) continue;
            if (p.word_end && h.end < m_norm.text.size() && word(h.end)) {
                // "price" still finds "prices", "discount" "discounted": an English
                // inflection may follow before the word ends; the span takes it in.
                std::size_t len = inflection_at(m_norm.text, h.end);
                if (len == 0) continue;
                h.end += static_cast<std::uint32_t>(len);
            }
            (p.role == PatternRole::primary ? primary
             : p.role == PatternRole::near  ? near
                                            : except)[p.rule]
                .push_back(h);
        }
        const std::string_view norm = m_norm.text;
        const std::string_view orig = field.text;
        std::size_t forwarded = std::string::npos; // computed on first need
        std::vector<Finding> found;
        for (std::size_t ri = 0; ri < rules.size(); ++ri) {
            const Rule& rule = rules[ri];
            std::uint32_t last_end = 0;
            for (const Hit& h : primary[ri]) {
                if (h.start < last_end) continue; // overlaps the previous finding of this rule
                std::uint32_t o_start = m_norm.origin[h.start];
                // The end is the end of the last matched character: separators dropped
                // after it ("最低价？如果") are not part of the match.
                std::uint32_t last = m_norm.origin[h.end > h.start ? h.end - 1 : h.start];
                std::size_t k = last;
                if (k < orig.size()) next_code_point(orig, k);
                std::uint32_t o_end = static_cast<std::uint32_t>(std::min(k, orig.size()));
                if (rule.skip_quoted && in_quoted_line(orig, o_start)) continue;
                if (rule.skip_forwarded) {
                    if (forwarded == std::string::npos) forwarded = forwarded_from(orig);
                    if (o_start >= forwarded) continue;
                }
                if (!rule.near.empty()) {
                    bool close = false;
                    for (const Hit& n : near[ri])
                        if (gap(norm, h, n) <= static_cast<std::size_t>(rule.near_within))
                            close = true;
                    if (!close) continue;
                }
                bool excepted = false;
                for (const Hit& e : except[ri]) {
                    if (e.start < h.end && e.end > h.start) excepted = true; // overlapping
                    else if (e.end <= h.start &&
                             chars_between(norm, e.end, h.start) <=
                                 static_cast<std::size_t>(rule.exception_window)) {
                        // Same line in the original: the separators normalisation dropped
                        // between Han characters may hide a line break.
                        std::size_t e_end = m_norm.origin[e.end > e.start ? e.end - 1 : e.start];
                        if (e_end < orig.size()) next_code_point(orig, e_end);
                        if (e_end <= o_start &&
                            orig.substr(e_end, o_start - e_end).find('\n') == std::string_view::npos)
                            excepted = true; // reported speech just before, on the same line
                    }
                    if (excepted) break;
                }
                if (excepted) continue;
                last_end = h.end;
                Finding f;
                f.rule = static_cast<std::uint32_t>(ri);
                f.field = field.name;
                f.start = o_start;
                f.end = o_end;
                f.matched = std::string(orig.substr(o_start, o_end - o_start));
                f.snippet = make_snippet(orig, o_start, o_end);
                found.push_back(std::move(f));
            }
        }
        // An allowed phrase cancels the stricter hits it overlaps.
        std::vector<std::pair<std::uint32_t, std::uint32_t>> allowed;
        for (const auto& f : found)
            if (rules[f.rule].tier == Tier::allowed) allowed.emplace_back(f.start, f.end);
        if (!allowed.empty()) {
            std::erase_if(found, [&](const Finding& f) {
                if (rules[f.rule].tier == Tier::allowed) return false;
                for (auto [a, b] : allowed)
                    if (f.start < b && f.end > a) return true;
                return false;
            });
        }
        std::sort(found.begin(), found.end(), [](const Finding& a, const Finding& b) {
            return a.start != b.start ? a.start < b.start : a.rule < b.rule;
        });
        for (auto& f : found) out.push_back(std::move(f));
    }
    return out;
}

} // namespace ms
