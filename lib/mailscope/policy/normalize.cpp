#include "mailscope/policy/normalize.hpp"

#include "mailscope/util/strings.hpp"

#include <cctype>
#include <memory>
#include <mutex>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace ms {

namespace {

constexpr std::uint32_t k_identity = 0xFFFFFFFFu;

// Per-code-point replacement table for the Basic Multilingual Plane: index into a string
// pool, or k_identity. Characters beyond the BMP (rare CJK extensions) pass unchanged.
struct Table {
    std::vector<std::uint32_t> index = std::vector<std::uint32_t>(0x10000, k_identity);
    std::string pool;

    void set(char32_t c, const std::string& utf8) {
        index[c] = static_cast<std::uint32_t>(pool.size());
        pool.push_back(static_cast<char>(utf8.size()));
        pool += utf8;
    }
    bool maps(char32_t c) const { return c < 0x10000 && index[c] != k_identity; }
    // The replacement of c (empty for characters NFKC_Casefold removes: soft hyphen,
    // zero-width space); only meaningful when maps(c).
    std::string_view get(char32_t c) const {
        std::size_t at = index[c];
        return std::string_view(pool).substr(at + 1, static_cast<unsigned char>(pool[at]));
    }
};

std::string to_utf8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

const Table& fold_table() {
    static Table table;
    static std::once_flag once;
    std::call_once(once, [] {
        UErrorCode err = U_ZERO_ERROR;
        const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(err);
        for (char32_t c = 0x80; c < 0x10000; ++c) {
            if (c >= 0xD800 && c <= 0xDFFF) continue;
            icu::UnicodeString src(static_cast<UChar32>(c));
            err = U_ZERO_ERROR;
            icu::UnicodeString dst = nfkc_cf->normalize(src, err);
            if (U_SUCCESS(err) && dst != src) table.set(c, to_utf8(dst));
        }
    });
    return table;
}

const Table& traditional_table() {
    static Table table;
    static std::once_flag once;
    std::call_once(once, [] {
        UErrorCode err = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
            "Traditional-Simplified", UTRANS_FORWARD, err));
        if (U_FAILURE(err) || !t) return;
        auto range = [&](char32_t from, char32_t to) {
            for (char32_t c = from; c <= to; ++c) {
                icu::UnicodeString s(static_cast<UChar32>(c));
                t->transliterate(s);
                // Only one-to-one replacements: a phrase-level conversion has no place in
                // a character table.
                if (s.countChar32() == 1 && s.char32At(0) != static_cast<UChar32>(c))
                    table.set(c, to_utf8(s));
            }
        };
        range(0x3400, 0x4DBF);
        range(0x4E00, 0x9FFF);
        range(0xF900, 0xFAFF);
    });
    return table;
}

bool is_separator(char32_t c) {
    if (c < 0x80) return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
                         (c > 0x20 && c < 0x7F && !std::isalnum(static_cast<int>(c)));
    return u_isUWhiteSpace(static_cast<UChar32>(c)) || u_ispunct(static_cast<UChar32>(c));
}

char32_t decode(std::string_view s, std::size_t& i) { return next_code_point(s, i); }

} // namespace

bool is_han(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

Normalizer::Normalizer(bool traditional) : m_traditional(traditional) {
    fold_table();
    if (traditional) traditional_table();
}

void Normalizer::normalize(std::string_view in, NormalizedText& out) const {
    const Table& fold = fold_table();
    const Table* trad = m_traditional ? &traditional_table() : nullptr;
    out.text.clear();
    out.origin.clear();
    out.text.reserve(in.size() + 16);
    out.origin.reserve(in.size() + 17);

    // Separators after a Han character wait here: dropped if another Han character follows.
    std::size_t pending_from = std::string::npos;
    bool last_han = false;
    auto emit = [&](std::string_view bytes, std::uint32_t from) {
        out.text.append(bytes);
        out.origin.insert(out.origin.end(), bytes.size(), from);
    };

    for (std::size_t i = 0; i < in.size();) {
        const std::uint32_t from = static_cast<std::uint32_t>(i);
        unsigned char b = static_cast<unsigned char>(in[i]);
        if (b < 0x80 && !last_han) {
            // A run of ASCII after anything but a Han character: lower-cased in bulk.
            std::size_t j = i;
            while (j < in.size() && static_cast<unsigned char>(in[j]) < 0x80) ++j;
            std::size_t at = out.text.size();
            out.text.resize(at + (j - i));
            out.origin.resize(at + (j - i));
            char* t = out.text.data() + at;
            std::uint32_t* o = out.origin.data() + at;
            bool space = !out.text.empty() && at > 0 && out.text[at - 1] == ' ';
            for (std::size_t k = i; k < j; ++k) {
                unsigned char c = static_cast<unsigned char>(in[k]);
                // A run of white space is one space: "lowest\n  price" is "lowest price".
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    if (space) continue;
                    space = true;
                    *t++ = ' ';
                } else {
                    space = false;
                    *t++ = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
                }
                *o++ = static_cast<std::uint32_t>(k);
            }
            std::size_t written = static_cast<std::size_t>(t - out.text.data());
            out.text.resize(written);
            out.origin.resize(written);
            pending_from = std::string::npos;
            i = j;
            continue;
        }
        if (b < 0x80) {
            ++i;
            char32_t c = b;
            bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r';
            if (last_han && is_separator(c)) {
                if (pending_from == std::string::npos) pending_from = out.text.size();
                if (ws && !out.text.empty() && out.text.back() == ' ') continue;
                out.text.push_back(ws ? ' ' : static_cast<char>(c));
                out.origin.push_back(from);
                continue;
            }
            pending_from = std::string::npos;
            last_han = false;
            out.text.push_back(static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b));
            out.origin.push_back(from);
            continue;
        }
        char32_t c = decode(in, i);
        // Invisible characters (soft hyphen, zero-width space) vanish: "lo\u00ADwest" must
        // not slip past "lowest".
        if (fold.maps(c) && fold.get(c).empty()) continue;
        std::string_view rep = fold.maps(c) ? fold.get(c) : std::string_view();
        if (!rep.empty()) {
            // A folded character may itself be Han (CJK compatibility ideographs).
            std::size_t k = 0;
            char32_t first = next_code_point(rep, k);
            if (k == rep.size()) c = first;
        }
        if (trad && trad->maps(c)) {
            std::string_view t = trad->get(c);
            std::size_t k = 0;
            c = next_code_point(t, k);
            rep = t;
        }
        bool han = is_han(c);
        // Spaces NFKC makes of other spaces (ideographic, no-break) join a run like ASCII ones.
        bool space = rep == " " && !out.text.empty() && out.text.back() == ' ';
        if (last_han && !han && is_separator(c)) {
            if (pending_from == std::string::npos) pending_from = out.text.size();
            if (space) continue;
            if (rep.empty()) emit(in.substr(from, i - from), from);
            else emit(rep, from);
            continue;
        }
        if (space) continue;
        if (han && pending_from != std::string::npos) {
            // "最 低" -> "最低": the separators between two Han characters go.
            out.text.resize(pending_from);
            out.origin.resize(pending_from);
        }
        pending_from = std::string::npos;
        last_han = han;
        if (rep.empty()) emit(in.substr(from, i - from), from);
        else emit(rep, from);
    }
    out.origin.push_back(static_cast<std::uint32_t>(in.size()));
}

std::string Normalizer::normalize(std::string_view in) const {
    NormalizedText t;
    normalize(in, t);
    return std::move(t.text);
}

} // namespace ms
