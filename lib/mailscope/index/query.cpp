#include "mailscope/index/query.hpp"

#include "mailscope/index/fields.hpp"
#include "mailscope/index/xapian_error.hpp"
#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <cstdlib>
#include <unicode/uchar.h>
#include <xapian.h>

namespace ms {

namespace {

bool all_digits(const std::string& s, std::size_t from, std::size_t to) {
    if (from >= to || to > s.size()) return false;
    for (std::size_t i = from; i < to; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

int num(const std::string& s, std::size_t from, std::size_t len) {
    return std::atoi(s.substr(from, len).c_str());
}

int days_in_month(int y, int m) {
    static const int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : k_days[m - 1];
}

Xapian::Query date_range(std::optional<std::int64_t> a, std::optional<std::int64_t> b) {
    if (a && b)
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, k_slot_date,
                             Xapian::sortable_serialise(static_cast<double>(*a)),
                             Xapian::sortable_serialise(static_cast<double>(*b)));
    if (a)
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, k_slot_date,
                             Xapian::sortable_serialise(static_cast<double>(*a)));
    if (b)
        return Xapian::Query(Xapian::Query::OP_VALUE_LE, k_slot_date,
                             Xapian::sortable_serialise(static_cast<double>(*b)));
    return Xapian::Query::MatchAll;
}

// A bad date is recorded in `bad` rather than thrown: Xapian 1.4's query parser leaks its
// parse state when a processor throws (found by fuzz_query). parse_query reports it after.
std::optional<std::int64_t> bound_or_record(const std::string& s, bool end, std::string& bad) {
    if (s.empty()) return std::nullopt;
    auto t = parse_date_bound(s, end, now_epoch());
    if (!t && bad.empty())
        bad = "invalid date '" + s + "' (use 2001, 2001-05, 2001-05-14, today, 7d ...)";
    return t;
}

// date:A..B (either end may be empty).
class DateRange : public Xapian::RangeProcessor {
public:
    explicit DateRange(std::string& bad) : Xapian::RangeProcessor(k_slot_date, "date:"), m_bad(bad) {}
    Xapian::Query operator()(const std::string& a, const std::string& b) override {
        auto lo = bound_or_record(a, false, m_bad), hi = bound_or_record(b, true, m_bad);
        return m_bad.empty() ? date_range(lo, hi) : Xapian::Query::MatchNothing;
    }

private:
    std::string& m_bad;
};

// date:X, the whole period X names.
class DateField : public Xapian::FieldProcessor {
public:
    explicit DateField(std::string& bad) : m_bad(bad) {}
    Xapian::Query operator()(const std::string& s) override {
        auto lo = bound_or_record(s, false, m_bad), hi = bound_or_record(s, true, m_bad);
        return m_bad.empty() ? date_range(lo, hi) : Xapian::Query::MatchNothing;
    }

private:
    std::string& m_bad;
};

// id:123 is a case id; id:<anything else> is a Message-ID.
class IdField : public Xapian::FieldProcessor {
public:
    Xapian::Query operator()(const std::string& s) override {
        std::string v = normalize_message_id(s);
        if (all_digits(v, 0, v.size()) && v.size() < 19) return Xapian::Query("Q" + v);
        return Xapian::Query("XMID" + v);
    }
};

// Boolean fields are stored lower-case; "folder:Inbox" and "folder:sent*" both work.
class LowerField : public Xapian::FieldProcessor {
public:
    LowerField(std::string prefix, bool lower) : m_prefix(std::move(prefix)), m_lower(lower) {}
    Xapian::Query operator()(const std::string& s) override {
        std::string v = m_lower ? ascii_lower(s) : s;
        if (m_prefix == "XMID") v = normalize_message_id(v);
        if (!v.empty() && v.back() == '*')
            return Xapian::Query(Xapian::Query::OP_WILDCARD, m_prefix + v.substr(0, v.size() - 1));
        return Xapian::Query(m_prefix + v);
    }

private:
    std::string m_prefix;
    bool m_lower;
};

// Xapian's parser quietly reads a broken query as plain words; an investigator would rather be
// told than get a different search than the one typed.
Result<void> check_syntax(const std::string& q) {
    bool quote = false;
    int depth = 0;
    for (std::size_t p = 0; p < q.size(); ++p) {
        char c = q[p];
        bool word_start = p == 0 || q[p - 1] == ' ' || q[p - 1] == '(' || q[p - 1] == '-' ||
                          q[p - 1] == '+';
        if (!quote && word_start) {
            for (const FieldSpec& f : k_fields) {
                std::string key = std::string(f.name) + ":";
                if (q.compare(p, key.size(), key) != 0) continue;
                std::size_t after = p + key.size();
                if (after >= q.size() || q[after] == ' ' || q[after] == ')')
                    return fail(Errc::usage, "query: " + key + " needs a value",
                                "see mailscope-query(7) for what " + key + " takes");
            }
        }
        if (c == '"') quote = !quote;
        else if (!quote && c == '(') ++depth;
        else if (!quote && c == ')' && --depth < 0)
            return fail(Errc::usage, "query: ')' without a matching '('",
                        "see mailscope-query(7)");
    }
    if (quote)
        return fail(Errc::usage, "query: a quote is not closed", "phrases are written \"like this\"");
    if (depth > 0)
        return fail(Errc::usage, "query: '(' without a matching ')'", "see mailscope-query(7)");
    return ok();
}

// Xapian reads any "a..b" as a range; only date: has ranges. "d..steffes@enron.com" (an
// Enron address) becomes "d.steffes@enron.com": the term generator splits both at the dots.
std::string protect_dots(const std::string& q) {
    std::string out;
    out.reserve(q.size());
    std::size_t token_start = 0;
    for (std::size_t i = 0; i < q.size(); ++i) {
        char c = q[i];
        if (c == ' ' || c == '(' || c == '"') token_start = i + 1;
        bool in_date = q.compare(token_start, 5, "date:") == 0;
        if (c == '.' && i + 1 < q.size() && q[i + 1] == '.' && !in_date) {
            out += '.';
            while (i + 1 < q.size() && q[i + 1] == '.') ++i;
            continue;
        }
        out.push_back(c);
    }
    return out;
}

} // namespace

std::optional<std::int64_t> parse_date_bound(const std::string& in, bool end, std::int64_t now) {
    std::string s = ascii_lower(std::string(trim(in)));
    if (s.empty()) return std::nullopt;
    std::int64_t day_start = now - ((now % 86400) + 86400) % 86400;
    if (s == "today") return end ? day_start + 86399 : day_start;
    if (s == "yesterday") return end ? day_start - 1 : day_start - 86400;
    if (s == "now") return now;
    // Relative: 7d, 2w, 3m, 1y ago (start of that day).
    if (s.size() >= 2 && all_digits(s, 0, s.size() - 1)) {
        char unit = s.back();
        // Over 7 digits the seconds below overflow (UB, found by fuzz_query); nobody means
        // ten million days ago.
        if ((unit == 'd' || unit == 'w' || unit == 'm' || unit == 'y') && s.size() - 1 > 7)
            return std::nullopt;
        long n = std::atol(s.substr(0, s.size() - 1).c_str());
        std::int64_t days = unit == 'd' ? n : unit == 'w' ? n * 7 : unit == 'm' ? n * 30
                           : unit == 'y' ? n * 365 : -1;
        if (days >= 0) {
            std::int64_t t = day_start - days * 86400;
            return end ? t + 86399 : t;
        }
    }
    int y = 0, mo = 0, d = 0, h = -1, mi = 0, se = 0;
    if (s.size() == 4 && all_digits(s, 0, 4)) {
        y = num(s, 0, 4);
    } else if (s.size() == 7 && all_digits(s, 0, 4) && s[4] == '-' && all_digits(s, 5, 7)) {
        y = num(s, 0, 4);
        mo = num(s, 5, 2);
    } else if (s.size() == 8 && all_digits(s, 0, 8)) {
        y = num(s, 0, 4);
        mo = num(s, 4, 2);
        d = num(s, 6, 2);
    } else if (s.size() >= 10 && all_digits(s, 0, 4) && s[4] == '-' && all_digits(s, 5, 7) &&
               s[7] == '-' && all_digits(s, 8, 10)) {
        y = num(s, 0, 4);
        mo = num(s, 5, 2);
        d = num(s, 8, 2);
        if (s.size() > 10) {
            if ((s[10] != 't' && s[10] != ' ') || s.size() < 16 || !all_digits(s, 11, 13) ||
                s[13] != ':' || !all_digits(s, 14, 16))
                return std::nullopt;
            h = num(s, 11, 2);
            mi = num(s, 14, 2);
            bool with_seconds = s.size() == 19 && s[16] == ':' && all_digits(s, 17, 19);
            if (!with_seconds && s.size() != 16) return std::nullopt; // no zones: dates are UTC
            if (with_seconds) se = num(s, 17, 2);
            else if (end) se = 59; // a minute is a period, like a day
            if (h > 23 || mi > 59 || se > 59) return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    bool has_month = s.size() > 4, has_day = s.size() >= 8;
    if (y < 1900 || y > 2200 || mo > 12 || (has_month && mo < 1)) return std::nullopt;
    if (has_day && d < 1) return std::nullopt;
    if (mo == 0) return end ? epoch_from_civil(y, 12, 31, 23, 59, 59) : epoch_from_civil(y, 1, 1);
    if (d == 0)
        return end ? epoch_from_civil(y, mo, days_in_month(y, mo), 23, 59, 59)
                   : epoch_from_civil(y, mo, 1);
    if (d < 1 || d > days_in_month(y, mo)) return std::nullopt;
    if (h >= 0) return epoch_from_civil(y, mo, d, h, mi, se);
    return end ? epoch_from_civil(y, mo, d, 23, 59, 59) : epoch_from_civil(y, mo, d);
}

namespace {

void configure(Xapian::QueryParser& qp, std::string& bad_date) {
    qp.set_stemmer(Xapian::Stem("english"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_AND);
    // Free text searches the body, the subject and the attachments.
    qp.add_prefix("", "");
    qp.add_prefix("", "S");
    qp.add_prefix("", "XAN");
    qp.add_prefix("", "XAC");
    for (const FieldSpec& f : k_fields) {
        std::string name = f.name;
        if (f.kind == FieldKind::text) {
            qp.add_prefix(name, f.prefix);
            if (f.prefix2) qp.add_prefix(name, f.prefix2);
        } else if (f.kind == FieldKind::boolean) {
            // is:starred is:replied means both; folder:a folder:b means either.
            static const std::string k_and_grouping;
            bool conjunctive = name == "is" || name == "has";
            qp.add_boolean_prefix(name, (new LowerField(f.prefix, name != "mid"))->release(),
                                  conjunctive ? &k_and_grouping : nullptr);
        } else if (name == "id") {
            qp.add_boolean_prefix(name, (new IdField)->release());
        } else if (name == "date") {
            qp.add_boolean_prefix(name, (new DateField(bad_date))->release());
        }
    }
    qp.add_rangeprocessor((new DateRange(bad_date))->release());
}

// Xapian's CJK::codepoint_is_cjk (1.4): with n-grams on, a run of these word characters is a
// token of its own, even glued to Latin letters ("OR个" is the operator OR, then 个).
bool xapian_cjk(UChar32 c) {
    return (c >= 0x2E80 && c <= 0x2EFF) || (c >= 0x3000 && c <= 0x9FFF) ||
           (c >= 0xA700 && c <= 0xA71F) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2F800 && c <= 0x2FA1F);
}

// Xapian's word characters: letters, marks, numbers and connector punctuation.
bool xapian_wordchar(UChar32 c) {
    switch (u_charType(c)) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER: case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK: case U_COMBINING_SPACING_MARK: case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER: case U_OTHER_NUMBER: case U_CONNECTOR_PUNCTUATION:
        return true;
    default:
        return false;
    }
}

// The query as the parser without n-grams should see it to split tokens as the parser with
// them does: every CJK run becomes the word "zz", set apart from word characters around it.
// Bytes are read as Xapian reads them: an invalid UTF-8 sequence is one character per byte.
std::string cjk_as_words(const std::string& q) {
    std::string out;
    bool in_run = false, prev_word = false;
    for (std::size_t i = 0; i < q.size();) {
        auto b = static_cast<unsigned char>(q[i]);
        int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        UChar32 c = b;
        if (len > 1 && i + static_cast<std::size_t>(len) <= q.size()) {
            c = b & (0x7F >> len);
            for (int k = 1; k < len; ++k) {
                auto cb = static_cast<unsigned char>(q[i + static_cast<std::size_t>(k)]);
                if ((cb & 0xC0) != 0x80) {
                    len = 0;
                    break;
                }
                c = (c << 6) | (cb & 0x3F);
            }
        } else if (len > 1) {
            len = 0;
        }
        if (len <= 1) {
            len = 1;
            c = b;
        }
        bool word = xapian_wordchar(c);
        if (word && xapian_cjk(c)) {
            if (!in_run) out += prev_word ? " zz" : "zz";
            in_run = true;
        } else {
            if (in_run && word) out += ' ';
            in_run = false;
            out.append(q, i, static_cast<std::size_t>(len));
        }
        prev_word = word;
        i += static_cast<std::size_t>(len);
    }
    return out;
}

// Xapian 1.4 reads a query with a syntax error ("OR a", "a AND") again with no flags, as plain
// words, and that failed first parse leaks its CJK n-gram terms (found by fuzz_query with
// "OR a 个个 b"). The probe parses without CJK n-grams (CJK runs as words), inside brackets and
// followed by a wildcard marker: the marker comes back as a plain term only when Xapian fell
// back.
bool is_syntax_error(const std::string& q, unsigned flags) {
    static const std::string k_marker = "zzmailscopeprobezz";
    std::string ignored;
    Xapian::QueryParser qp;
    configure(qp, ignored);
    std::string probe = "(" + cjk_as_words(q) + ") " + k_marker + "*";
    std::string d = qp.parse_query(probe, flags).get_description();
    return d.find(k_marker + "@") != std::string::npos;
}

} // namespace

Result<Xapian::Query> parse_query(const std::string& text) {
    std::string q(trim(text));
    if (q.empty())
        return fail(Errc::usage, "empty query", "use * to match every message");
    if (q == "*") return Xapian::Query::MatchAll;
    MS_TRY(check_syntax(q));
    q = protect_dots(q);
    std::string bad_date;
    try {
        unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_PURE_NOT;
        // Xapian would quietly search for the operators as words; say so instead.
        if (is_syntax_error(q, flags))
            return fail(Errc::usage,
                        "query: an operator (AND, OR, NOT, XOR, NEAR, ADJ) lacks a term on one "
                        "side: " + q,
                        "put a term on both sides (a OR b, a NOT b, NOT b alone); operators are "
                        "upper-case, so write the word in lower case to search for it");
        flags |= Xapian::QueryParser::FLAG_CJK_NGRAM;
        Xapian::QueryParser qp;
        configure(qp, bad_date);
        Xapian::Query parsed = qp.parse_query(q, flags);
        if (!bad_date.empty())
            return fail(Errc::usage, "query: " + bad_date,
                        "see mailscope-query(7) for the query language");
        if (parsed.empty())
            return fail(Errc::usage, "query matches nothing it could parse: " + q,
                        "see mailscope-query(7); use * to match every message");
        return parsed;
    } catch (const Xapian::Error& e) {
        return fail(xapian_error(e, "query"));
    }
}

} // namespace ms
