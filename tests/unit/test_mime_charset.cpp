// Unit tests of mime/charset: label repair and the decoding rules for mislabelled mail.
// Byte strings were produced with Python's codecs ("text".encode("gbk") etc.); the text each
// one encodes is given beside it. Literals are split ("\xE9" "F") where a hex escape would
// otherwise swallow the next character.
#include "mailscope/mime/charset.hpp"
#include "mailscope/util/strings.hpp"

#include <doctest/doctest.h>

using namespace ms;

namespace {
const char* const k_gbk_mail_test = "\xD6\xD0\xCE\xC4\xD3\xCA\xBC\xFE\xB2\xE2\xCA\xD4"; // 中文邮件测试
const char* const k_gbk_zhu_rongji = "\xD6\xEC\xE9" "F\xBB\xF9";  // 朱镕基 (镕 = E9 46, GBK only)
const char* const k_gbk_lowest_price = "\xD7\xEE\xB5\xCD\xBC\xDB"; // 最低价
const char* const k_big5_traditional = "\xC1" "c\xC5\xE9\xA4\xA4\xA4\xE5"; // 繁體中文
const char* const k_iso2022jp_nihongo = "\x1B$BF|K\\8l\x1B(B";          // 日本語
const char* const k_cp1252_french = "Caf\xE9 \xE9l\xE8ve \xE0 No\xEBl";    // Café élève à Noël
} // namespace

TEST_CASE("canonical_charset replaces labels by their supersets") {
    CHECK(canonical_charset("gb2312") == "GB18030");
    CHECK(canonical_charset("GB2312") == "GB18030");
    CHECK(canonical_charset("gbk") == "GB18030");
    CHECK(canonical_charset("x-gbk") == "GB18030");
    CHECK(canonical_charset("big5") == "BIG5-HKSCS");
    CHECK(canonical_charset("iso-8859-1") == "WINDOWS-1252");
    CHECK(canonical_charset("ISO-8859-1") == "WINDOWS-1252");
    CHECK(canonical_charset("latin1") == "WINDOWS-1252");
    CHECK(canonical_charset("us-ascii") == "US-ASCII");
    CHECK(canonical_charset("shift_jis") == "CP932");
    CHECK(canonical_charset("ks_c_5601-1987") == "CP949");
    CHECK(canonical_charset("utf8") == "UTF-8");
}

TEST_CASE("canonical_charset repairs quoting and quoted-printable damage") {
    CHECK(canonical_charset("3Dutf-8") == "UTF-8");
    CHECK(canonical_charset("3D\"utf-8\"") == "UTF-8");
    CHECK(canonical_charset(" \"UTF-8\"; ") == "UTF-8");
    CHECK(canonical_charset("'gb2312'") == "GB18030");
}

TEST_CASE("canonical_charset passes through charsets iconv knows, upper-cased") {
    CHECK(canonical_charset("iso-2022-jp") == "ISO-2022-JP");
    CHECK(canonical_charset("windows-1251") == "WINDOWS-1251");
    CHECK(canonical_charset("koi8-r") == "KOI8-R");
    CHECK(canonical_charset("iso-8859-15") == "ISO-8859-15");
}

TEST_CASE("canonical_charset returns empty for labels that are not charsets") {
    CHECK(canonical_charset("") == "");
    CHECK(canonical_charset("   ") == "");
    CHECK(canonical_charset("charset") == "");
    CHECK(canonical_charset("134") == "");
    CHECK(canonical_charset("x-unknown") == "");
    CHECK(canonical_charset("unknown") == "");
    CHECK(canonical_charset("default") == "");
    CHECK(canonical_charset("\"\"") == "");
    CHECK(canonical_charset("no-such-charset-xyz") == "");
}

TEST_CASE("decode_to_utf8: pure ASCII is returned as is") {
    DecodedText d = decode_to_utf8("Hello, world", "");
    CHECK(d.text == "Hello, world");
    CHECK(d.charset == "US-ASCII");
    CHECK_FALSE(d.guessed);

    DecodedText labelled = decode_to_utf8("Hello", "gb2312");
    CHECK(labelled.text == "Hello");
    CHECK(labelled.charset == "GB18030");
    CHECK_FALSE(labelled.guessed);

    CHECK(decode_to_utf8("", "").text == "");
}

TEST_CASE("decode_to_utf8: valid UTF-8, declared or not, is kept") {
    DecodedText d = decode_to_utf8("你好", "utf-8");
    CHECK(d.text == "你好");
    CHECK(d.charset == "UTF-8");
    CHECK_FALSE(d.guessed);

    DecodedText undeclared = decode_to_utf8("你好", "");
    CHECK(undeclared.text == "你好");
    CHECK(undeclared.charset == "UTF-8");
}

TEST_CASE("decode_to_utf8: raw GBK with no charset is read as GB18030") {
    DecodedText d = decode_to_utf8(k_gbk_mail_test, "");
    CHECK(d.text == "中文邮件测试");
    CHECK(d.charset == "GB18030");
    CHECK(d.guessed);
}

TEST_CASE("decode_to_utf8: a bogus label counts as no label") {
    DecodedText d = decode_to_utf8(k_gbk_lowest_price, "charset");
    CHECK(d.text == "最低价");
    CHECK(d.charset == "GB18030");
}

TEST_CASE("decode_to_utf8: gb2312 label on a GBK-only character decodes it") {
    // 镕 is not in GB2312; GB18030 (the superset used for gb2312) has it.
    DecodedText d = decode_to_utf8(k_gbk_zhu_rongji, "gb2312");
    CHECK(d.text == "朱镕基");
    CHECK(d.charset == "GB18030");
    CHECK_FALSE(d.guessed);
}

TEST_CASE("decode_to_utf8: iso-8859-1 label on GBK bytes is a mislabel") {
    DecodedText d = decode_to_utf8(k_gbk_mail_test, "iso-8859-1");
    CHECK(d.text == "中文邮件测试");
    CHECK(d.charset == "GB18030");
    CHECK(d.guessed);
}

TEST_CASE("decode_to_utf8: iso-8859-1 label on UTF-8 bytes is a mislabel") {
    DecodedText d = decode_to_utf8("caf\xC3\xA9", "iso-8859-1"); // café in UTF-8
    CHECK(d.text == "caf\xC3\xA9");
    CHECK(d.charset == "UTF-8");
    CHECK(d.guessed);
}

TEST_CASE("decode_to_utf8: real Latin-1 French text keeps its label (as windows-1252)") {
    DecodedText d = decode_to_utf8(k_cp1252_french, "iso-8859-1");
    CHECK(d.text == "Café élève à Noël");
    CHECK(d.charset == "WINDOWS-1252");
    CHECK_FALSE(d.guessed);
    // windows-1252 rather than ISO-8859-1: 0x80 is the euro sign, 0x93/0x94 curly quotes.
    DecodedText euro = decode_to_utf8("10 \x80 \x93ok\x94", "iso-8859-1");
    CHECK(euro.text == "10 € “ok”");
}

TEST_CASE("decode_to_utf8: short German text labelled iso-8859-1 stays Latin") {
    DecodedText d = decode_to_utf8("Mit freundlichen Gr\xFC\xDF" "en", "iso-8859-1");
    CHECK(d.text == "Mit freundlichen Grüßen");
    CHECK(d.charset == "WINDOWS-1252");
    CHECK_FALSE(d.guessed);
}

TEST_CASE("decode_to_utf8: a UTF-8 label on Latin-1 bytes falls back to detection") {
    DecodedText d =
        decode_to_utf8("Le caf\xE9 cr\xE8me br\xFBl\xE9" "e, \xE0 bient\xF4t pour la f\xEAte de No\xEBl",
                       "utf-8");
    CHECK(d.text == "Le café crème brûlée, à bientôt pour la fête de Noël");
    CHECK(d.charset == "WINDOWS-1252");
    CHECK(d.guessed);
}

TEST_CASE("decode_to_utf8: a UTF-8 label on GBK bytes is read as GB18030") {
    DecodedText d = decode_to_utf8(k_gbk_mail_test, "utf-8");
    CHECK(d.text == "中文邮件测试");
    CHECK(d.charset == "GB18030");
    CHECK(d.guessed);
}

TEST_CASE("decode_to_utf8: the output is valid UTF-8 whatever the input") {
    const char* const inputs[] = {"\xFF\xFE\xFD", "\x80\x81\x8D\x8F\x90\x9D", "a\xC0\xAF" "b",
                                  "\xE4\xBD"};
    const char* const labels[] = {"", "utf-8", "gb2312", "iso-8859-1", "big5", "x-unknown"};
    for (const char* in : inputs)
        for (const char* cs : labels) CHECK(is_valid_utf8(decode_to_utf8(in, cs).text));
}

TEST_CASE("decode_to_utf8: Big5 is read as BIG5-HKSCS") {
    DecodedText d = decode_to_utf8(k_big5_traditional, "big5");
    CHECK(d.text == "繁體中文");
    CHECK(d.charset == "BIG5-HKSCS");
    CHECK_FALSE(d.guessed);
}

TEST_CASE("decode_to_utf8: ISO-2022-JP is converted although every byte is 7-bit") {
    DecodedText d = decode_to_utf8(k_iso2022jp_nihongo, "iso-2022-jp");
    CHECK(d.text == "日本語");
    CHECK(d.charset == "ISO-2022-JP");
    CHECK_FALSE(d.guessed);
}

TEST_CASE("looks_like_gb recognises GB2312 and GBK text") {
    CHECK(looks_like_gb(k_gbk_mail_test));
    CHECK(looks_like_gb(k_gbk_zhu_rongji));
    CHECK(looks_like_gb(std::string("Price: ") + k_gbk_lowest_price + " USD 10"));
}

TEST_CASE("looks_like_gb rejects ASCII, lone high bytes and Latin text") {
    CHECK_FALSE(looks_like_gb(""));
    CHECK_FALSE(looks_like_gb("plain ASCII text"));
    CHECK_FALSE(looks_like_gb("caf\xE9"));           // one high byte
    CHECK_FALSE(looks_like_gb(k_cp1252_french));      // high bytes mostly before ASCII letters
    CHECK_FALSE(looks_like_gb("\xFF\xFF\xFF\xFF"));   // FF never leads a GBK pair
    CHECK_FALSE(looks_like_gb("\xD6\x7F\xD0\x20"));   // 7F and 20 never trail one
}

TEST_CASE("convert_charset fails on bytes invalid in the charset and on unknown charsets") {
    std::string out;
    CHECK(convert_charset(k_gbk_lowest_price, "GB18030", out));
    CHECK(out == "最低价");
    CHECK_FALSE(convert_charset("\xFF\xFF", "UTF-8", out));
    CHECK_FALSE(convert_charset("\xD7", "GB18030", out)); // truncated pair
    CHECK_FALSE(convert_charset("abc", "NO-SUCH-CHARSET", out));
}

// tests/data/fuzz-regressions/message/many-charsets: charset names come from the mail, so the
// descriptor cache is bounded; decoding stays right after it has been emptied and refilled.
TEST_CASE("decode_to_utf8: more distinct charset labels than the descriptor cache holds") {
    for (int round = 0; round < 2; ++round) {
        for (int i = 1; i <= 16; ++i) {
            if (i == 12) continue; // there is no ISO-8859-12
            for (const char* suffix : {"", "//TRANSLIT", "//IGNORE", "//TRANSLIT//IGNORE",
                                       "//IGNORE//TRANSLIT"}) {
                std::string cs = "ISO-8859-" + std::to_string(i) + suffix;
                CHECK(decode_to_utf8("plain text", cs).text == "plain text");
            }
        }
        CHECK(decode_to_utf8(k_gbk_lowest_price, "gbk").text == "最低价");
    }
}
