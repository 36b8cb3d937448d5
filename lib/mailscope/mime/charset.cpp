#include "mailscope/mime/charset.hpp"

#include "mailscope/util/strings.hpp"

#include <algorithm>
#include <cerrno>
#include <iconv.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <vector>
#include <unordered_map>

namespace ms {

namespace {

// iconv_open is slow (it loads gconv modules); keep one descriptor per charset and thread.
// Charset names come from the mail, so the cache is bounded and closes what it drops (an
// unbounded, never-closed cache was found by fuzz_message). A returned descriptor stays valid
// until the thread's next call.
struct IconvCache {
    std::unordered_map<std::string, iconv_t> map;
    void clear() {
        for (auto& [name, cd] : map)
            if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
        map.clear();
    }
    ~IconvCache() { clear(); }
};

iconv_t descriptor_for(const std::string& charset) {
    static constexpr std::size_t k_max_cached = 64;
    thread_local IconvCache cache;
    auto it = cache.map.find(charset);
    if (it != cache.map.end()) return it->second;
    if (cache.map.size() >= k_max_cached) cache.clear();
    iconv_t cd = iconv_open("UTF-8", charset.c_str());
    cache.map.emplace(charset, cd);
    return cd;
}

bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

// Charsets whose bytes are all 7-bit: ASCII-looking text may still need converting.
bool is_seven_bit_encoding(const std::string& cs) {
    return cs.rfind("ISO-2022", 0) == 0 || cs == "UTF-7" || cs == "HZ-GB-2312" ||
           cs.rfind("UTF-16", 0) == 0 || cs.rfind("UTF-32", 0) == 0;
}

bool is_single_byte_latin(const std::string& cs) {
    return cs == "WINDOWS-1252" || cs.rfind("ISO-8859-", 0) == 0 || cs == "US-ASCII";
}

// ICU's statistical detector, for text that is neither UTF-8 nor Chinese.
std::string icu_detect(std::string_view bytes) {
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector* det = ucsdet_open(&err);
    if (U_FAILURE(err)) return {};
    std::string name;
    ucsdet_setText(det, bytes.data(), static_cast<int32_t>(bytes.size()), &err);
    const UCharsetMatch* m = ucsdet_detect(det, &err);
    if (U_SUCCESS(err) && m) {
        int32_t conf = ucsdet_getConfidence(m, &err);
        const char* n = ucsdet_getName(m, &err);
        if (U_SUCCESS(err) && n && conf >= 20) name = canonical_charset(n);
    }
    ucsdet_close(det);
    return name;
}

} // namespace

bool convert_charset(std::string_view bytes, const std::string& charset, std::string& out) {
    iconv_t cd = descriptor_for(charset);
    if (cd == reinterpret_cast<iconv_t>(-1)) return false;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    out.assign(bytes.size() * 3 + 16, '\0');
    char* in = const_cast<char*>(bytes.data());
    std::size_t inleft = bytes.size();
    char* o = out.data();
    std::size_t oleft = out.size();
    while (inleft > 0) {
        std::size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        if (r != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            std::size_t used = static_cast<std::size_t>(o - out.data());
            out.resize(out.size() * 2);
            o = out.data() + used;
            oleft = out.size() - used;
            continue;
        }
        return false; // EILSEQ or EINVAL (truncated sequence)
    }
    // Flush shift state (ISO-2022-JP ends in a mode).
    iconv(cd, nullptr, nullptr, &o, &oleft);
    out.resize(static_cast<std::size_t>(o - out.data()));
    return true;
}

bool convert_lenient(std::string_view bytes, const std::string& charset, std::string& out,
                     std::size_t max_errors) {
    UErrorCode err = U_ZERO_ERROR;
    UConverter* cnv = ucnv_open(charset.c_str(), &err);
    if (U_FAILURE(err)) return false;
    std::vector<UChar> wide(bytes.size() * 2 + 16);
    // ICU knows each charset's sequence lengths, so one bad character costs one U+FFFD
    // (iconv would have to guess how many bytes to skip, which garbles ISO-2022-JP).
    int32_t n = ucnv_toUChars(cnv, wide.data(), static_cast<int32_t>(wide.size()), bytes.data(),
                              static_cast<int32_t>(bytes.size()), &err);
    ucnv_close(cnv);
    if (U_FAILURE(err)) return false;
    std::size_t bad = 0;
    for (int32_t i = 0; i < n; ++i)
        if (wide[static_cast<std::size_t>(i)] == 0xFFFD || wide[static_cast<std::size_t>(i)] == 0x1A)
            ++bad;
    if (bad > max_errors) return false;
    out.assign(static_cast<std::size_t>(n) * 3 + 4, '\0');
    int32_t len = 0;
    err = U_ZERO_ERROR;
    u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &len, wide.data(), n, 0xFFFD,
                       nullptr, &err);
    if (U_FAILURE(err)) return false;
    out.resize(static_cast<std::size_t>(len));
    return true;
}

std::string canonical_charset(std::string_view declared) {
    std::string cs = ascii_lower(trim(declared));
    // Quoted-printable damage: charset=3D"utf-8" arrives as 3dutf-8.
    if (cs.rfind("3d", 0) == 0) cs.erase(0, 2);
    while (!cs.empty() && (cs.front() == '"' || cs.front() == '\'')) cs.erase(0, 1);
    while (!cs.empty() && (cs.back() == '"' || cs.back() == '\'' || cs.back() == ';')) cs.pop_back();
    if (cs.empty()) return {};
    static const std::unordered_map<std::string, std::string> k_alias = {
        {"utf-8", "UTF-8"}, {"utf8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8"},
        {"us-ascii", "US-ASCII"}, {"ascii", "US-ASCII"}, {"ansi_x3.4-1968", "US-ASCII"},
        {"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"x-gbk", "GB18030"}, {"gb18030", "GB18030"},
        {"euc-cn", "GB18030"}, {"cp936", "GB18030"}, {"ms936", "GB18030"},
        {"windows-936", "GB18030"}, {"gb_2312-80", "GB18030"}, {"gb2312_charset", "GB18030"},
        {"x-euc-cn", "GB18030"}, {"chinese", "GB18030"}, {"csgb2312", "GB18030"},
        {"gb2312-80", "GB18030"}, {"x-gb2312", "GB18030"},
        {"big5", "BIG5-HKSCS"}, {"x-big5", "BIG5-HKSCS"}, {"big5-hkscs", "BIG5-HKSCS"},
        {"cp950", "BIG5-HKSCS"}, {"csbig5", "BIG5-HKSCS"},
        {"hz-gb-2312", "HZ-GB-2312"},
        {"iso-8859-1", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"}, {"iso8859-1", "WINDOWS-1252"},
        {"iso_8859-1", "WINDOWS-1252"}, {"l1", "WINDOWS-1252"}, {"windows-1252", "WINDOWS-1252"},
        {"cp1252", "WINDOWS-1252"}, {"x-user-defined", "WINDOWS-1252"},
        {"shift_jis", "CP932"}, {"shift-jis", "CP932"}, {"sjis", "CP932"}, {"x-sjis", "CP932"},
        {"windows-31j", "CP932"}, {"cp932", "CP932"},
        {"ks_c_5601-1987", "CP949"}, {"euc-kr", "CP949"}, {"ks_c_5601", "CP949"},
        {"utf-7", "UTF-7"}, {"unicode-1-1-utf-7", "UTF-7"},
        {"utf-16", "UTF-16"}, {"utf-16le", "UTF-16LE"}, {"utf-16be", "UTF-16BE"},
        {"x-mac-cyrillic", "MAC-CYRILLIC"}, {"koi8-r", "KOI8-R"}, {"koi8-u", "KOI8-U"},
    };
    if (auto it = k_alias.find(cs); it != k_alias.end()) return it->second;
    // Anything iconv knows is a charset; the rest ("charset", "134", "default") is not.
    std::string upper = cs;
    for (char& c : upper)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (upper == "DEFAULT" || upper == "CHARSET" || upper == "X-UNKNOWN" || upper == "UNKNOWN")
        return {};
    iconv_t cd = descriptor_for(upper);
    if (cd == reinterpret_cast<iconv_t>(-1)) return {};
    return upper;
}

bool looks_like_gb(std::string_view s) {
    std::size_t pairs = 0, high = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) continue;
        ++high;
        if (i + 1 < s.size()) {
            auto d = static_cast<unsigned char>(s[i + 1]);
            // GB2312 proper: both bytes in A1..FE; GBK extends the lead to 81..FE.
            if (c >= 0x81 && c <= 0xFE && d >= 0x40 && d <= 0xFE && d != 0x7F) {
                if (c >= 0xA1 && d >= 0xA1) pairs += 2;
                else pairs += 1; // GBK-only pair: plausible, weaker evidence
                ++high;
                ++i;
            }
        }
    }
    return high >= 2 && pairs * 10 >= high * 8;
}

bool mostly_cjk(std::string_view s) {
    std::size_t other = 0, cjk = 0;
    for (std::size_t i = 0; i < s.size();) {
        char32_t c = next_code_point(s, i);
        if (c < 0x80) continue;
        bool chinese = (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
                       (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
                       (c >= 0x2010 && c <= 0x2027) || (c >= 0xF900 && c <= 0xFAFF) ||
                       (c >= 0x20000 && c <= 0x2A6DF);
        (chinese ? cjk : other)++;
    }
    return cjk >= 2 && cjk * 10 >= (cjk + other) * 8;
}

// GB18030 when the bytes read as Chinese text, never merely as valid GB18030.
static bool read_as_gb(std::string_view bytes, std::string& out) {
    return looks_like_gb(bytes) && convert_charset(bytes, "GB18030", out) && mostly_cjk(out);
}

DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared_charset) {
    std::string declared = canonical_charset(declared_charset);
    DecodedText r;
    std::string out;

    if (is_ascii(bytes) && (declared.empty() || !is_seven_bit_encoding(declared))) {
        r.text.assign(bytes);
        r.charset = declared.empty() ? "US-ASCII" : declared;
        return r;
    }

    auto use = [&](const std::string& cs, bool guessed) {
        r.text = std::move(out);
        r.charset = cs;
        r.guessed = guessed;
        return r;
    };

    if (!declared.empty()) {
        if (declared == "UTF-8" && is_valid_utf8(bytes)) {
            out.assign(bytes);
            return use(declared, false);
        }
        // A Latin label on bytes that read as UTF-8 or as Chinese is a mislabel, not Latin text:
        // windows-1252 accepts every byte, so it would never fail on its own.
        if (is_single_byte_latin(declared)) {
            if (is_valid_utf8(bytes)) {
                out.assign(bytes);
                return use("UTF-8", true);
            }
            if (read_as_gb(bytes, out)) return use("GB18030", true);
        }
        if (declared != "UTF-8" && convert_charset(bytes, declared, out) && is_valid_utf8(out))
            return use(declared, false);
        // 7-bit encodings (ISO-2022-JP) are always "valid UTF-8" as bytes: never fall back
        // to reading their escape sequences as text.
        if (is_seven_bit_encoding(declared) &&
            convert_lenient(bytes, declared, out, std::max<std::size_t>(2, bytes.size() / 50)))
            return use(declared, false);
    }

    // Undeclared, unknown, or the declared charset did not fit the bytes.
    if (is_valid_utf8(bytes)) {
        out.assign(bytes);
        return use("UTF-8", !declared.empty() && declared != "UTF-8");
    }
    if (read_as_gb(bytes, out)) return use("GB18030", declared != "GB18030");
    // Almost right: a character cut in half at the end of an encoded word, one unmappable
    // vendor character. Keep the text with a U+FFFD rather than guess another charset.
    const std::size_t allowed = std::max<std::size_t>(2, bytes.size() / 50);
    if (!declared.empty() && declared != "UTF-8" && convert_lenient(bytes, declared, out, allowed))
        return use(declared, false);
    if (looks_like_gb(bytes) && convert_lenient(bytes, "GB18030", out, allowed) && mostly_cjk(out))
        return use("GB18030", declared != "GB18030");
    std::string detected = icu_detect(bytes);
    if (!detected.empty() && detected != declared && convert_charset(bytes, detected, out) &&
        is_valid_utf8(out))
        return use(detected, true);
    // Last resort decodes every byte; GB18030 with errors would lose text.
    if (convert_charset(bytes, "WINDOWS-1252", out) && is_valid_utf8(out))
        return use("WINDOWS-1252", declared != "WINDOWS-1252");
    if (convert_charset(bytes, "ISO-8859-1", out)) return use("ISO-8859-1", true);
    r.text = sanitize_utf8(bytes);
    r.charset = "UTF-8";
    r.guessed = true;
    return r;
}

} // namespace ms
