#include "mailscope/policy/context_model.hpp"

#include "mailscope/policy/evaluate.hpp"
#include "mailscope/util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace ms {

namespace {

constexpr std::size_t k_before_tokens = 10;
constexpr std::size_t k_after_tokens = 6;
constexpr double k_alpha = 0.5;  // smoothing of the feature probabilities
constexpr int k_min_support = 2; // a feature seen once says nothing yet

bool is_cjk(char32_t c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x3040 && c <= 0x30FF) ||
           (c >= 0x20000 && c <= 0x2FFFF);
}

bool is_word(char32_t c) {
    return (c < 0x80 && (std::isalnum(static_cast<int>(c)) != 0)) || c == '\'' ||
           c == 0x2019 || (c >= 0xC0 && c < 0x250);
}

// Ends a clause: a negation does not reach across it.
bool is_clause_mark(char32_t c) {
    return c == ',' || c == ':' || c == 0xFF0C || c == 0xFF1A || c == 0x3001 || c == '\n';
}

// Ends a sentence: the context of a hit does not reach across it.
bool is_boundary(char32_t c) {
    return c == '.' || c == '!' || c == '?' || c == ';' || c == 0x3002 || c == 0xFF01 ||
           c == 0xFF1F || c == 0xFF1B;
}

struct Token {
    std::string text;
    bool cjk = false;
};

std::string utf8(char32_t c) {
    std::string o;
    if (c < 0x80) o += static_cast<char>(c);
    else if (c < 0x800) {
        o += static_cast<char>(0xC0 | (c >> 6));
        o += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        o += static_cast<char>(0xE0 | (c >> 12));
        o += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        o += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        o += static_cast<char>(0xF0 | (c >> 18));
        o += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        o += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        o += static_cast<char>(0x80 | (c & 0x3F));
    }
    return o;
}

// Tokens of `cps` in order; a sentence boundary or a blank line stops nothing here, the
// callers cut the text at boundaries first.
std::vector<Token> tokenize(const std::vector<char32_t>& cps) {
    std::vector<Token> out;
    std::string word;
    auto flush = [&] {
        // Apostrophes at the edges are quotation marks, not part of the word.
        while (!word.empty() && word.front() == '\'') word.erase(0, 1);
        while (!word.empty() && word.back() == '\'') word.pop_back();
        if (!word.empty()) out.push_back({ascii_lower(word), false});
        word.clear();
    };
    for (char32_t c : cps) {
        if (is_cjk(c)) {
            flush();
            out.push_back({utf8(c), true});
        } else if (is_word(c)) {
            word += c == 0x2019 ? std::string("'") : utf8(c);
        } else {
            flush();
        }
    }
    flush();
    return out;
}

bool ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }

// A boundary at cps[i]; "3.5" is a number, not two sentences.
bool boundary_at(const std::vector<char32_t>& cps, std::size_t i) {
    if (!is_boundary(cps[i])) return false;
    return !(cps[i] == '.' && i > 0 && i + 1 < cps.size() && ascii_digit(cps[i - 1]) &&
             ascii_digit(cps[i + 1]));
}

// Code points of the line that ends just before cps[nl] (nl is a line break).
std::size_t line_length_before(const std::vector<char32_t>& cps, std::size_t nl) {
    std::size_t a = nl;
    while (a > 0 && cps[a - 1] != '\n') --a;
    return nl - a;
}

// A line break ends a sentence unless the line before it is long: hard-wrapped prose runs
// on, while greetings, signature lines and taglines are short lines of their own.
constexpr std::size_t k_wrapped_line = 40;

// The sentence around [start, end): back to the previous boundary, blank line or short line,
// forward to the next one.
std::pair<std::size_t, std::size_t> sentence(const std::vector<char32_t>& cps, std::size_t start,
                                             std::size_t end) {
    std::size_t a = start;
    while (a > 0 && !boundary_at(cps, a - 1) &&
           !(cps[a - 1] == '\n' && line_length_before(cps, a - 1) < k_wrapped_line))
        --a;
    std::size_t b = end;
    while (b < cps.size() && !boundary_at(cps, b) &&
           !(cps[b] == '\n' && line_length_before(cps, b) < k_wrapped_line))
        ++b;
    return {a, b};
}

bool contains_any(const std::string& hay, std::initializer_list<const char*> needles) {
    for (const char* n : needles)
        if (hay.find(n) != std::string::npos) return true;
    return false;
}

bool any_token(const std::vector<Token>& toks, std::initializer_list<const char*> words) {
    for (const auto& t : toks) {
        if (t.cjk) continue;
        for (const char* w : words)
            if (t.text == w) return true;
    }
    return false;
}

bool is_closing(std::string l) {
    while (!l.empty() && (l.back() == ',' || l.back() == '!' || l.back() == ':')) l.pop_back();
    for (const char* c : {"regards", "best regards", "kind regards", "best", "thanks", "thank you",
                          "sincerely", "cheers", "yours sincerely", "best wishes", "此致", "敬礼",
                          "此致敬礼", "祝好", "顺祝商祺", "祝商祺", "谢谢"})
        if (l == c) return true;
    return false;
}

// Below a "-- " delimiter, or within a few lines after a closing ("Best regards", "此致").
bool in_signature(std::string_view text, std::size_t offset) {
    bool below_delimiter = false;
    int since_closing = -1;  // lines since the last closing line; -1: none
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t nl = text.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        if (offset <= end) break;  // the hit's own line
        std::string line = ascii_lower(trim(text.substr(pos, end - pos)));
        if (text.substr(pos, end - pos) == "-- " || line == "--") below_delimiter = true;
        if (is_closing(line)) since_closing = 0;
        else if (since_closing >= 0) ++since_closing;
        pos = end + 1;
    }
    return below_delimiter || (since_closing >= 0 && since_closing < 8);
}

// Below an attribution line ("On Monday, Li Ming wrote:", "李明 写道："): someone else's text
// that is not marked with "> ".
bool below_attribution(std::string_view text, std::size_t offset) {
    std::size_t pos = 0;
    bool seen = false;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        if (offset <= end) break;
        std::string line = ascii_lower(trim(text.substr(pos, end - pos)));
        for (const char* tail : {"wrote:", "writes:", "写道：", "写道:", "寫道：", "寫道:"}) {
            std::string_view t(tail);
            if (line.size() >= t.size() && line.compare(line.size() - t.size(), t.size(), t) == 0)
                seen = true;
        }
        pos = end + 1;
    }
    return seen;
}

// Whether the hit sits inside quotation marks opened earlier on its line.
bool inside_quotes(std::string_view text, std::size_t start) {
    std::size_t a = text.rfind('\n', start == 0 ? 0 : start - 1);
    a = a == std::string_view::npos ? 0 : a + 1;
    if (a > start) return false;
    std::string_view before = text.substr(a, start - a);
    int straight = 0, open = 0;
    for (std::size_t i = 0; i < before.size();) {
        char32_t c = next_code_point(before, i);
        if (c == '"') ++straight;
        else if (c == 0x201C || c == 0x300C || c == 0x300E) ++open;  // “ 「 『
        else if (c == 0x201D || c == 0x300D || c == 0x300F) open = std::max(0, open - 1);
    }
    return straight % 2 == 1 || open > 0;
}

} // namespace

bool is_cue(std::string_view feature) {
    std::size_t bar = feature.rfind('|');
    std::string_view f = bar == std::string_view::npos ? feature : feature.substr(bar + 1);
    return f.substr(0, 4) == "cue:" || f.substr(0, 4) == "ctx:";
}

std::vector<std::string> context_features(const HitSite& s) {
    std::set<std::string> f;
    std::string_view text = s.text;
    std::size_t start = std::min(s.start, text.size()), end = std::clamp(s.end, start, text.size());
    // Code-point positions of the hit.
    std::vector<char32_t> cps;
    std::size_t cp_start = 0, cp_end = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (i == start) cp_start = cps.size();
        if (i == end) cp_end = cps.size();
        cps.push_back(next_code_point(text, i));
    }
    if (end >= text.size()) cp_end = cps.size();
    if (start >= text.size()) cp_start = cps.size();
    auto [sa, sb] = sentence(cps, cp_start, cp_end);
    std::vector<char32_t> before_cps(cps.begin() + sa, cps.begin() + cp_start);
    std::vector<char32_t> after_cps(cps.begin() + cp_end, cps.begin() + sb);
    std::vector<Token> before = tokenize(before_cps), after = tokenize(after_cps);
    if (before.size() > k_before_tokens) before.erase(before.begin(), before.end() - k_before_tokens);
    std::vector<Token> after_all = after;
    if (after.size() > k_after_tokens) after.resize(k_after_tokens);

    // Chinese characters count in pairs: single characters of product names say little.
    for (std::size_t i = 0; i < before.size(); ++i) {
        const Token& t = before[i];
        if (!t.cjk) f.insert("b:" + t.text);
        else if (i + 1 < before.size() && before[i + 1].cjk)
            f.insert("b:" + t.text + before[i + 1].text);
    }
    if (!before.empty()) f.insert("b1:" + before.back().text);
    if (before.size() >= 2) f.insert("b2:" + before[before.size() - 2].text);
    for (std::size_t i = 0; i < after.size(); ++i) {
        const Token& t = after[i];
        if (!t.cjk) f.insert("a:" + t.text);
        else if (i + 1 < after.size() && after[i + 1].cjk)
            f.insert("a:" + t.text + after[i + 1].text);
    }
    if (!after.empty()) f.insert("a1:" + after.front().text);
    if (before.empty()) f.insert("pos:sentence-start");

    std::string before_cjk, after_cjk;
    for (const auto& t : before)
        if (t.cjk) before_cjk += t.text;
    for (const auto& t : after_all)
        if (t.cjk) after_cjk += t.text;

    // A negation reaches to the end of its clause: "Don't worry, we offer ..." is no denial.
    std::size_t clause = before_cps.size();
    while (clause > 0 && !is_clause_mark(before_cps[clause - 1])) --clause;
    std::vector<Token> in_clause =
        tokenize(std::vector<char32_t>(before_cps.begin() + clause, before_cps.end()));
    std::string clause_cjk;
    for (const auto& t : in_clause)
        if (t.cjk) clause_cjk += t.text;

    std::vector<std::string> cues;
    bool negated = any_token(in_clause, {"not", "no", "never", "cannot", "unable", "neither", "nor",
                                      "without", "refuse", "decline", "none"});
    for (const auto& t : in_clause)
        if (!t.cjk && (t.text.size() > 3 && t.text.compare(t.text.size() - 3, 3, "n't") == 0))
            negated = true;
    if (negated || contains_any(clause_cjk, {"不", "没", "无法", "未", "别", "勿", "拒绝", "并非",
                                             "无意", "无须", "无需"}))
        cues.push_back("cue:negation");
    if (any_token(before, {"said", "says", "say", "asked", "asks", "ask", "asking", "mentioned",
                           "wrote", "write", "requested", "request", "wants", "wanted", "want",
                           "wondering", "wonder", "wondered", "claims", "claimed", "according",
                           "quote", "quoted", "quoting", "told", "tell", "heard", "insist",
                           "insisted", "demanded", "demand", "suggested", "per", "relayed",
                           "noted", "mentions", "forwarded", "reported", "reports", "claim"}) ||
        contains_any(before_cjk, {"说", "问", "提到", "表示", "要求", "希望", "询问", "称", "来信",
                                  "咨询", "提出", "听说", "坚持", "转达", "反映", "反馈", "告诉",
                                  "提及", "透露", "转告", "声称"}))
        cues.push_back("cue:reported");
    if (any_token(before, {"if", "whether", "could", "would", "can", "will"}) ||
        contains_any(before_cjk, {"如果", "是否", "能否", "能不能", "可否", "假如", "若"}))
        cues.push_back("cue:conditional");
    bool question = sb < cps.size() && (cps[sb] == '?' || cps[sb] == 0xFF1F);
    if (question || contains_any(after_cjk, {"吗", "呢"})) cues.push_back("cue:question");
    if (inside_quotes(text, start)) cues.push_back("cue:quotes");
    if (in_quoted_line(text, start)) cues.push_back("ctx:quoted");
    if (start >= forwarded_from(text)) cues.push_back("ctx:forwarded");
    if (in_signature(text, start)) cues.push_back("ctx:signature");
    if (below_attribution(text, start)) cues.push_back("ctx:attribution");
    cues.push_back("field:" + std::string(s.field));
    if (s.sender) {
        cues.push_back(std::string("role:") + role_name(s.sender->role));
        if (!s.sender->department.empty()) cues.push_back("dept:" + s.sender->department);
    } else {
        cues.push_back("role:none");
    }
    for (const auto& c : cues) {
        f.insert(c);
        if (!s.rule.empty()) f.insert(s.rule + "|" + c);
    }
    if (!s.rule.empty()) f.insert("rule:" + s.rule);
    return {f.begin(), f.end()};
}

void ContextModel::add(const std::vector<std::string>& features, bool dismissed) {
    (dismissed ? m_dismissed : m_confirmed)++;
    for (const auto& x : features) {
        Counts& c = m_features[x];
        (dismissed ? c.dismissed : c.confirmed)++;
    }
    m_ready = false;
}

std::optional<double> ContextModel::weight(const Counts& c) const {
    if (c.confirmed + c.dismissed < k_min_support) return std::nullopt;
    double p_fp = (c.dismissed + k_alpha) / (m_dismissed + 2 * k_alpha);
    double p_tp = (c.confirmed + k_alpha) / (m_confirmed + 2 * k_alpha);
    return (std::log(p_fp) - std::log1p(-p_fp)) - (std::log(p_tp) - std::log1p(-p_tp));
}

void ContextModel::prepare() const {
    if (m_ready) return;
    m_base = 0;
    for (const auto& [name, c] : m_features) {
        if (c.confirmed + c.dismissed < k_min_support) continue;
        double p_fp = (c.dismissed + k_alpha) / (m_dismissed + 2 * k_alpha);
        double p_tp = (c.confirmed + k_alpha) / (m_confirmed + 2 * k_alpha);
        m_base += std::log1p(-p_fp) - std::log1p(-p_tp);
    }
    m_ready = true;
}

std::optional<double> ContextModel::fp_probability(const std::vector<std::string>& features) const {
    if (!trained()) return std::nullopt;
    prepare();
    double logit = m_base;
    for (const auto& x : features) {
        auto it = m_features.find(x);
        if (it == m_features.end()) continue;
        if (auto w = weight(it->second)) logit += *w;
    }
    logit = std::clamp(logit, -50.0, 50.0);
    double p = 1.0 / (1.0 + std::exp(-logit));
    // Word statistics alone never make a false alarm: a context cue must speak for it.
    if (p > k_uncued_cap) {
        bool cue = false;
        for (const auto& x : features) {
            if (!is_cue(x)) continue;
            auto it = m_features.find(x);
            if (it == m_features.end()) continue;
            if (auto w = weight(it->second); w && *w > 0) cue = true;
        }
        if (!cue) p = std::min(p, k_uncued_cap);
    }
    return p;
}

std::vector<std::string> ContextModel::reasons(const std::vector<std::string>& features,
                                               std::size_t n) const {
    std::vector<std::pair<double, std::string>> w;
    for (const auto& x : features) {
        auto it = m_features.find(x);
        if (it == m_features.end()) continue;
        if (auto v = weight(it->second); v && *v > 0) w.emplace_back(*v, x);
    }
    std::sort(w.begin(), w.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < w.size() && i < n; ++i) out.push_back(w[i].second);
    return out;
}

std::string ContextModel::serialize() const {
    std::string o = "mailscope-context-model 1\t" + std::to_string(m_confirmed) + "\t" +
                    std::to_string(m_dismissed) + "\n";
    for (const auto& [name, c] : m_features) {
        std::string clean = name;
        for (char& ch : clean)
            if (ch == '\t' || ch == '\n' || ch == '\r') ch = ' ';
        o += clean + "\t" + std::to_string(c.confirmed) + "\t" + std::to_string(c.dismissed) + "\n";
    }
    return o;
}

std::optional<ContextModel> ContextModel::parse(std::string_view text) {
    ContextModel m;
    bool first = true;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        if (line.empty()) continue;
        std::size_t t1 = line.find('\t'), t2 = t1 == line.npos ? line.npos : line.find('\t', t1 + 1);
        if (t2 == line.npos) return std::nullopt;
        int a = 0, b = 0;
        try {
            a = std::stoi(std::string(line.substr(t1 + 1, t2 - t1 - 1)));
            b = std::stoi(std::string(line.substr(t2 + 1)));
        } catch (...) {
            return std::nullopt;
        }
        if (first) {
            if (line.substr(0, t1) != "mailscope-context-model 1") return std::nullopt;
            m.m_confirmed = a;
            m.m_dismissed = b;
            first = false;
        } else {
            m.m_features[std::string(line.substr(0, t1))] = Counts{a, b};
        }
    }
    if (first) return std::nullopt;
    return m;
}

} // namespace ms
