#include "mailscope/privacy/detect.hpp"

#include "mailscope/util/strings.hpp"

#include <algorithm>
#include <cctype>

namespace ms {

const char* pii_name(PiiType t) {
    switch (t) {
    case PiiType::mobile: return "mobile";
    case PiiType::landline: return "landline";
    case PiiType::id_card: return "id-card";
    case PiiType::bank_card: return "bank-card";
    case PiiType::credit_code: return "credit-code";
    case PiiType::passport: return "passport";
    case PiiType::email: return "email";
    case PiiType::ipv4: return "ipv4";
    }
    return "?";
}

const char* pii_label(PiiType t) {
    switch (t) {
    case PiiType::mobile: return "手机号";
    case PiiType::landline: return "电话";
    case PiiType::id_card: return "身份证号";
    case PiiType::bank_card: return "银行卡号";
    case PiiType::credit_code: return "信用代码";
    case PiiType::passport: return "护照号";
    case PiiType::email: return "邮箱";
    case PiiType::ipv4: return "IP地址";
    }
    return "?";
}

bool parse_pii(std::string_view s, PiiType& out) {
    for (PiiType t : k_pii_types)
        if (s == pii_name(t)) {
            out = t;
            return true;
        }
    return false;
}

bool luhn_valid(std::string_view d) {
    if (d.size() < 12) return false;
    int sum = 0;
    bool dbl = false;
    for (std::size_t i = d.size(); i-- > 0;) {
        if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
        int v = d[i] - '0';
        if (dbl) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
        sum += v;
        dbl = !dbl;
    }
    return sum % 10 == 0;
}

static bool valid_date(int y, int m, int d) {
    static const int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= (m == 2 && leap ? 29 : k_days[m - 1]);
}

static int num(std::string_view s, std::size_t at, std::size_t len) {
    int v = 0;
    for (std::size_t i = at; i < at + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
}

bool id18_valid(std::string_view id) {
    if (id.size() != 18) return false;
    for (std::size_t i = 0; i < 17; ++i)
        if (!std::isdigit(static_cast<unsigned char>(id[i]))) return false;
    char last = static_cast<char>(std::toupper(static_cast<unsigned char>(id[17])));
    if (!std::isdigit(static_cast<unsigned char>(last)) && last != 'X') return false;
    if (id[0] == '0' || !valid_date(num(id, 6, 4), num(id, 10, 2), num(id, 12, 2))) return false;
    // ISO 7064 MOD 11-2 (GB 11643-1999).
    static const int k_weights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char k_check[] = "10X98765432";
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) sum += (id[i] - '0') * k_weights[i];
    return k_check[sum % 11] == last;
}

bool id15_valid(std::string_view id) {
    if (id.size() != 15) return false;
    for (char c : id)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return id[0] != '0' && valid_date(1900 + num(id, 6, 2), num(id, 8, 2), num(id, 10, 2));
}

// GB 11714-1997 organisation code: eight characters and a check character; the 9th to 17th
// characters of a credit code are one.
static bool org_code_valid(std::string_view code) {
    static const int k_weights[] = {3, 7, 9, 10, 5, 8, 4, 2};
    if (code.size() != 9) return false;
    int sum = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        unsigned char c = static_cast<unsigned char>(code[i]);
        if (std::isdigit(c)) sum += (c - '0') * k_weights[i];
        else if (std::isupper(c)) sum += (c - 'A' + 10) * k_weights[i];
        else return false;
    }
    int check = 11 - sum % 11;
    char want = check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
    return code[8] == want;
}

bool credit_code_valid(std::string_view code) {
    // GB 32100-2015: 18 characters from 0-9 and A-Y without I, O, S, V, Z; weights 3^i mod 31.
    static const std::string_view k_chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int k_weights[] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    if (code.size() != 18) return false;
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) {
        std::size_t v = k_chars.find(static_cast<char>(std::toupper(static_cast<unsigned char>(code[i]))));
        if (v == std::string_view::npos) return false;
        sum += static_cast<int>(v) * k_weights[i];
    }
    int check = (31 - sum % 31) % 31;
    return k_chars[static_cast<std::size_t>(check)] ==
           std::toupper(static_cast<unsigned char>(code[17]));
}

namespace {

// The text with full-width digits, letters and signs made ASCII; origin[i] is where output
// byte i came from. Everything else is copied, so offsets map back exactly.
struct Ascii {
    std::string text;
    std::vector<std::uint32_t> origin;
};

Ascii asciify(std::string_view in) {
    // The output is never longer than the input: written in place, then cut to size, rather
    // than by two push_backs per byte (this runs on every byte of the text).
    Ascii a;
    a.text.resize(in.size());
    a.origin.resize(in.size() + 1);
    char* t = a.text.data();
    std::uint32_t* o = a.origin.data();
    std::size_t n = 0;
    for (std::size_t i = 0; i < in.size();) {
        if (static_cast<unsigned char>(in[i]) < 0x80) {
            t[n] = in[i];
            o[n++] = static_cast<std::uint32_t>(i);
            ++i;
            continue;
        }
        std::size_t from = i, next = i;  // `next`, not `i`, by reference: i stays in a register
        char32_t c = next_code_point(in, next);
        i = next;
        char ascii = 0;
        if (c >= 0xFF01 && c <= 0xFF5E) ascii = static_cast<char>(c - 0xFF01 + 0x21);
        else if (c == 0x3000) ascii = ' ';
        if (ascii) {
            t[n] = ascii;
            o[n++] = static_cast<std::uint32_t>(from);
        } else {
            for (std::size_t k = from; k < i; ++k) {
                t[n] = in[k];
                o[n++] = static_cast<std::uint32_t>(from);
            }
        }
    }
    o[n] = static_cast<std::uint32_t>(in.size());
    a.text.resize(n);
    a.origin.resize(n + 1);
    return a;
}

// ASCII only, inline: these run on every byte of the text, and std::isalnum is a call into
// libc per byte (a fifth of the detectors' time); in the C locale mailscope runs in, the same.
bool digit(char c) { return c >= '0' && c <= '9'; }
bool alnum(char c) { return digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }

struct Context {
    PiiType type;
    std::initializer_list<const char*> words;
};

const Context k_context[] = {
    {PiiType::mobile, {"手机", "电话", "联系", "致电", "tel", "phone", "mobile", "cell", "call"}},
    {PiiType::landline, {"电话", "座机", "传真", "总机", "tel", "phone", "fax"}},
    {PiiType::id_card, {"身份证", "证件", "身份号", "公民身份", "id", "identity"}},
    {PiiType::bank_card, {"卡号", "银行卡", "账号", "账户", "帐号", "帐户", "开户", "card",
                          "account", "acct"}},
    {PiiType::credit_code, {"信用代码", "社会信用", "税号", "纳税人识别", "credit code", "uscc"}},
    {PiiType::passport, {"护照", "passport"}},
    {PiiType::email, {"邮箱", "email", "mail"}},
    {PiiType::ipv4, {"ip", "地址", "服务器", "server", "host"}},
};

// Words that say a long number is an order, waybill or transaction number: Luhn alone
// passes one such number in ten, so they are not cards unless a card word is near too.
const std::initializer_list<const char*> k_not_card = {"订单", "单号", "流水号", "order",
                                                       "tracking", "invoice"};

// The words before `at` that can be about the number there: 30 bytes (about ten Chinese
// characters), cut at an earlier number (a run of four digits or more) unless only
// punctuation stands between. "护照：E12345678、E87654321" names both, but "护照：E12345678
// 货号 S90734892" not the second, and "订单号 2023..." not a card number after it.
std::string context_window(std::string_view text, std::size_t at) {
    std::size_t from = at > 30 ? at - 30 : 0;
    for (std::size_t k = at; k > from; --k) {
        if (!digit(text[k - 1])) continue;
        std::size_t run = k;
        while (run > from && digit(text[run - 1])) --run;
        if (k - run < 4) {
            k = run + 1;  // skip the short run ("(15位)")
            continue;
        }
        std::string between(text.substr(k, at - k));
        for (std::size_t p; (p = between.find("、")) != std::string::npos;) between.erase(p, 3);
        bool list = std::all_of(between.begin(), between.end(), [](char c) {
            return std::isspace(static_cast<unsigned char>(c)) ||
                   std::ispunct(static_cast<unsigned char>(c));
        });
        if (!list) from = k;
        break;
    }
    return ascii_lower(text.substr(from, at - from));
}

bool has_word(std::string_view text, std::size_t at, std::initializer_list<const char*> words) {
    std::string window = context_window(text, at);
    auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
    for (const char* w : words) {
        std::string_view word(w);
        bool ascii = letter(word.front());
        for (std::size_t p = window.find(word); p != std::string::npos; p = window.find(word, p + 1)) {
            // English words start a word ("id" is not in "paid", "tel" not in "hotel"); short
            // ones also end it ("idea" is no "id").
            if (ascii && p > 0 && letter(window[p - 1])) continue;
            std::size_t e = p + word.size();
            if (ascii && word.size() <= 3 && e < window.size() && letter(window[e])) continue;
            return true;
        }
    }
    return false;
}

// A context word of type t before `at`.
bool has_context(std::string_view text, std::size_t at, PiiType t) {
    for (const auto& c : k_context)
        if (c.type == t) return has_word(text, at, c.words);
    return false;
}

struct Candidate {
    PiiType type;
    std::size_t start, end;  // in the ASCII text
    std::string value;
    double confidence;
    bool context;
};

double with_context(double base, bool ctx) { return ctx ? std::min(1.0, base + 0.4) : base; }

// A Chinese landline number after +86 without its trunk 0: Beijing (10) and the 2x areas
// have 8-digit numbers; the three-digit areas (3xx-9xx) 7 or 8.
bool international_landline(std::string_view n) {
    if (n.size() < 10 || n.size() > 11) return false;
    if (n[0] == '2' || (n[0] == '1' && n[1] == '0')) return n.size() == 10;
    return n[0] >= '3' && n[0] <= '9';
}

// The lengths of the runs of digits in `raw`.
std::vector<int> groups_of(std::string_view raw) {
    std::vector<int> g;
    int run = 0;
    for (char c : raw) {
        if (digit(c)) {
            ++run;
        } else if (run) {
            g.push_back(run);
            run = 0;
        }
    }
    if (run) g.push_back(run);
    return g;
}

// Classifies a digit string (separators removed); false when it is no known type.
bool classify_digits(const Ascii& a, std::size_t s, std::size_t e, std::string d, bool grouped,
                     std::vector<Candidate>& out) {
    auto ctx = [&](PiiType t) { return has_context(a.text, s, t); };
    std::string plus;
    if (!d.empty() && d[0] == '+') {
        plus = "+";
        d.erase(0, 1);
    }
    // Resident ID (18, possibly ending in X) before anything else: it is the most specific.
    if (d.size() == 18 && id18_valid(d)) {
        bool c = ctx(PiiType::id_card);
        out.push_back({PiiType::id_card, s, e, d, with_context(0.9, c), c});
        return true;
    }
    bool all_digits = std::all_of(d.begin(), d.end(), digit);
    if (!all_digits) return false;
    bool luhn = d.size() >= 16 && d.size() <= 19 && luhn_valid(d);
    // A credit code of digits only: its own check and that of the organisation code inside
    // (one random number in 341 passes both). Where Luhn passes too, only a credit-code word
    // makes it one.
    if (plus.empty() && d.size() == 18 && credit_code_valid(d) &&
        org_code_valid(std::string_view(d).substr(8, 9)) &&
        (!luhn || (ctx(PiiType::credit_code) && !ctx(PiiType::bank_card)))) {
        bool c = ctx(PiiType::credit_code);
        out.push_back({PiiType::credit_code, s, e, d, with_context(0.6, c), c});
        return true;
    }
    if (luhn) {
        bool c = ctx(PiiType::bank_card);
        if (!c && has_word(a.text, s, k_not_card)) return true;  // an order number
        double base = d.rfind("62", 0) == 0 ? 0.8 : (d[0] >= '3' && d[0] <= '6') ? 0.6 : 0.3;
        out.push_back({PiiType::bank_card, s, e, d, with_context(base, c), c});
        return true;
    }
    std::string m = d;
    if (m.size() == 13 && m.rfind("86", 0) == 0) m.erase(0, 2);
    else if (m.size() == 15 && m.rfind("0086", 0) == 0) m.erase(0, 4);
    if (m.size() == 11 && m[0] == '1' && m[1] >= '3' && m[1] <= '9' &&
        (plus.empty() || d.size() == 13)) {
        // 1-800-555-0199, 1 (212) 555 0199: North American numbers group 1-3-3-4, Chinese
        // mobiles never do (3-4-4, 3-3-5 or none), and 180x is a Chinese mobile prefix.
        if (d.size() == 11 && groups_of(a.text.substr(s, e - s)) == std::vector<int>{1, 3, 3, 4})
            return true;
        bool c = ctx(PiiType::mobile);
        out.push_back({PiiType::mobile, s, e, m, with_context(0.8, c), c});
        return true;
    }
    if (d.size() == 15 && id15_valid(d)) {
        bool c = ctx(PiiType::id_card);
        out.push_back({PiiType::id_card, s, e, d, with_context(0.3, c), c});
        return true;
    }
    // Landline: 0 + area code (2-3 digits) + 7-8 digits.
    if (plus.empty() && d.size() >= 10 && d.size() <= 12 && d[0] == '0' && d[1] != '0') {
        bool c = ctx(PiiType::landline);
        out.push_back({PiiType::landline, s, e, d, with_context(grouped ? 0.6 : 0.4, c), c});
        return true;
    }
    // Written internationally (+86 10 6234 5678, 0086-755-88886666): the trunk 0 is dropped.
    std::string n = !plus.empty() && d.rfind("86", 0) == 0 ? d.substr(2)
                    : d.rfind("0086", 0) == 0             ? d.substr(4)
                                                           : std::string();
    if (international_landline(n)) {
        bool c = ctx(PiiType::landline);
        out.push_back({PiiType::landline, s, e, "0" + n, with_context(0.6, c), c});
        return true;
    }
    return false;
}

void scan_numbers(const Ascii& a, std::vector<Candidate>& out) {
    const std::string& t = a.text;
    const char* p = t.data();
    const std::size_t size = t.size();
    std::size_t i = 0;
    while (i < size) {
        // Straight to the next digit, '+' or '(' (nothing else starts a number).
        while (i < size && !digit(p[i]) && p[i] != '+' && p[i] != '(') ++i;
        if (i == size) break;
        bool plus = t[i] == '+' && i + 1 < t.size() && digit(t[i + 1]);
        bool paren = t[i] == '(' && i + 1 < t.size() && digit(t[i + 1]);
        if (!(digit(t[i]) || plus || paren) || (i > 0 && (alnum(t[i - 1]) || t[i - 1] == '.' ||
                                                           t[i - 1] == '-'))) {
            ++i;
            continue;
        }
        // A number as people write them: digit groups joined by one space or dash, a
        // leading + or (area code).
        std::size_t s = i, j = i;
        std::string d;
        std::vector<std::pair<std::size_t, std::size_t>> groups;
        if (plus) {
            d.push_back('+');
            ++j;
        }
        if (paren) ++j;
        bool grouped = false;
        bool area = false;  // "(0755) 8888 6666": the bracket closes after the first group
        for (;;) {
            std::size_t g = j;
            while (j < t.size() && digit(t[j])) d.push_back(t[j++]);
            if (j == g) break;
            groups.emplace_back(g, j);
            if (paren && groups.size() == 1 && j < t.size() && t[j] == ')') {
                ++j;
                area = grouped = true;
                if (j + 1 < t.size() && (t[j] == ' ' || t[j] == '-') && digit(t[j + 1])) ++j;
                continue;
            }
            if (j + 1 < t.size() && (t[j] == ' ' || t[j] == '-') && digit(t[j + 1])) {
                ++j;
                grouped = true;
                continue;
            }
            break;
        }
        if (paren && !(area && groups.size() > 1)) {
            // Brackets around a whole number, "(138 1234 5678)", are not part of it.
            ++s;
            if (area) {
                j = groups[0].second;
                grouped = false;
            }
        }
        // An ID's check character X ends the number (canonically upper-case, so that a
        // pseudonym does not depend on how it was typed).
        if (j < t.size() && (t[j] == 'X' || t[j] == 'x') && d.size() == 17) {
            d.push_back('X');
            ++j;
        }
        std::size_t e = j;
        if (e < t.size() && (alnum(t[e]) || (t[e] == '.' && e + 1 < t.size() && digit(t[e + 1])))) {
            // Glued to letters or a decimal point: not a number of ours (an order code,
            // a price). Skip the whole token.
            while (e < t.size() && (alnum(t[e]) || t[e] == '.')) ++e;
            i = e;
            continue;
        }
        if (!classify_digits(a, s, e, d, grouped, out) && groups.size() > 1) {
            // "13812345678 13912345678": two numbers side by side, not one.
            for (auto [g0, g1] : groups)
                classify_digits(a, g0, g1, t.substr(g0, g1 - g0), false, out);
        }
        i = std::max(e, i + 1);
    }
}

void scan_words(const Ascii& a, std::vector<Candidate>& out) {
    const std::string& t = a.text;
    const char* p = t.data();
    const std::size_t size = t.size();
    for (std::size_t i = 0; i < size;) {
        if (!alnum(p[i]) || (i > 0 && alnum(p[i - 1]))) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < size && alnum(p[j])) ++j;
        if (j - i != 9 && j - i != 18) {  // neither passport nor credit code: no copies made
            i = j;
            continue;
        }
        std::string w = t.substr(i, j - i);
        std::string up = w;
        for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        bool letters = std::any_of(w.begin(), w.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
        if (w.size() == 18 && letters && credit_code_valid(up)) {
            bool c = has_context(t, i, PiiType::credit_code);
            out.push_back({PiiType::credit_code, i, j, up, with_context(0.8, c), c});
        } else if ((w.size() == 9 && (up[0] == 'E' || up[0] == 'G' || up[0] == 'P' ||
                                      up[0] == 'D' || up[0] == 'S') &&
                    std::all_of(w.begin() + 1, w.end(), digit)) ||
                   (w.size() == 9 && up[0] == 'E' && std::isalpha(static_cast<unsigned char>(up[1])) &&
                    std::all_of(w.begin() + 2, w.end(), digit))) {
            bool c = has_context(t, i, PiiType::passport);
            out.push_back({PiiType::passport, i, j, up, with_context(0.3, c), c});
        }
        i = j;
    }
}

void scan_emails(const Ascii& a, std::vector<Candidate>& out) {
    const std::string& t = a.text;
    auto local = [](char c) { return alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; };
    auto dom = [](char c) { return alnum(c) || c == '.' || c == '-'; };
    for (std::size_t at = t.find('@'); at != std::string::npos; at = t.find('@', at + 1)) {
        std::size_t s = at;
        while (s > 0 && local(t[s - 1])) --s;
        std::size_t e = at + 1;
        while (e < t.size() && dom(t[e])) ++e;
        while (e > at + 1 && (t[e - 1] == '.' || t[e - 1] == '-')) --e;
        while (s < at && t[s] == '.') ++s;
        if (s == at || e <= at + 1) continue;
        std::string domain = t.substr(at + 1, e - at - 1);
        std::size_t dot = domain.rfind('.');
        if (dot == std::string::npos || domain.size() - dot - 1 < 2) continue;
        bool tld = std::all_of(domain.begin() + static_cast<std::ptrdiff_t>(dot) + 1, domain.end(),
                               [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
        if (!tld) continue;
        out.push_back({PiiType::email, s, e, ascii_lower(t.substr(s, e - s)), 0.95, false});
    }
}

void scan_ipv4(const Ascii& a, std::vector<Candidate>& out) {
    const std::string& t = a.text;
    const char* p = t.data();
    const std::size_t size = t.size();
    for (std::size_t i = 0; i < size;) {
        while (i < size && !digit(p[i])) ++i;  // straight to the next digit
        if (i == size) break;
        if (!digit(t[i]) || (i > 0 && (alnum(t[i - 1]) || t[i - 1] == '.'))) {
            ++i;
            continue;
        }
        std::size_t j = i;
        int parts = 0;
        bool ok = true;
        while (parts < 4) {
            std::size_t g = j;
            int v = 0;
            while (j < t.size() && digit(t[j]) && j - g < 4) v = v * 10 + (t[j++] - '0');
            if (j == g || j - g > 3 || v > 255 || (j - g > 1 && t[g] == '0')) {
                ok = false;
                break;
            }
            ++parts;
            if (parts < 4) {
                if (j < t.size() && t[j] == '.') ++j;
                else {
                    ok = false;
                    break;
                }
            }
        }
        bool glued = j < t.size() && (alnum(t[j]) || (t[j] == '.' && j + 1 < t.size() && digit(t[j + 1])));
        if (ok && parts == 4 && !glued) {
            bool c = has_context(t, i, PiiType::ipv4);
            out.push_back({PiiType::ipv4, i, j, t.substr(i, j - i), with_context(0.6, c), c});
            i = j;
            continue;
        }
        while (i < t.size() && (digit(t[i]) || t[i] == '.')) ++i;
    }
}

int priority(PiiType t) {
    switch (t) {
    case PiiType::email: return 0;
    case PiiType::id_card: return 1;
    case PiiType::credit_code: return 2;
    case PiiType::bank_card: return 3;
    case PiiType::mobile: return 4;
    case PiiType::ipv4: return 5;
    case PiiType::landline: return 6;
    case PiiType::passport: return 7;
    }
    return 9;
}

} // namespace

std::vector<PiiMatch> detect_pii(std::string_view text) {
    Ascii a = asciify(text);
    std::vector<Candidate> c;
    // Emails need an '@', numbers and IPv4 addresses a digit: most lines have neither, and
    // only the words (letter-only credit codes) are left to look at.
    bool at_or_digit = std::any_of(a.text.begin(), a.text.end(),
                                   [](char x) { return x == '@' || digit(x); });
    if (at_or_digit) {
        scan_emails(a, c);
        scan_numbers(a, c);
    }
    scan_words(a, c);
    if (at_or_digit) scan_ipv4(a, c);
    std::erase_if(c, [](const Candidate& x) { return x.confidence < k_mask_threshold; });
    std::sort(c.begin(), c.end(), [](const Candidate& x, const Candidate& y) {
        if (x.start != y.start) return x.start < y.start;
        return priority(x.type) < priority(y.type);
    });
    std::vector<PiiMatch> out;
    std::size_t last_end = 0;
    for (const auto& x : c) {
        if (!out.empty() && x.start < last_end) {
            // Overlap: keep the more specific type (an email holding digits stays an email).
            PiiMatch& prev = out.back();
            if (priority(x.type) < priority(prev.type)) {
                prev = {x.type, a.origin[x.start], a.origin[x.end], x.value, x.confidence,
                        x.context};
                last_end = x.end;
            }
            continue;
        }
        out.push_back({x.type, a.origin[x.start], a.origin[x.end], x.value, x.confidence,
                       x.context});
        last_end = x.end;
    }
    return out;
}

} // namespace ms
