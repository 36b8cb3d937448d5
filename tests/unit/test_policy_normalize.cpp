// Unit tests of policy/normalize: NFKC with case folding per code point (full-width forms,
// non-ASCII case, ß -> ss), separators dropped only between two Han characters, Traditional to
// Simplified on request, the origin map from output bytes back to input offsets, and invalid
// UTF-8 passed through. Expected strings are written out by hand from the Unicode tables.
#include "mailscope/policy/normalize.hpp"

#include <doctest/doctest.h>

using namespace ms;

namespace {
std::string norm(std::string_view s, bool traditional = false) {
    return Normalizer(traditional).normalize(s);
}
} // namespace

TEST_CASE("normalize: full-width digits, letters and signs become ASCII") {
    CHECK(norm("１５％") == "15%");
    CHECK(norm("ＡＢＣ ｘｙｚ") == "abc xyz");
    CHECK(norm("ＵＳＤ１００") == "usd100");
    CHECK(norm("\xE3\x80\x80") == " "); // U+3000 ideographic space -> U+0020
    CHECK(norm("ｶ") == "カ");            // half-width katakana -> full-width
    CHECK(norm("①") == "1");
}

TEST_CASE("normalize: case folding, ASCII and beyond") {
    CHECK(norm("Lowest PRICE") == "lowest price");
    CHECK(norm("ÄÖÜ") == "äöü");
    CHECK(norm("ÉTÉ") == "été");
    CHECK(norm("straße") == "strasse");
    CHECK(norm("STRASSE") == "strasse");
    CHECK(norm("ΣΊΣΥΦΟΣ") == "σίσυφοσ"); // final sigma folds to σ too
    CHECK(norm("ﬁnal") == "final");       // the fi ligature
    CHECK(norm("Ⅻ") == "xii");            // Roman numeral twelve
    CHECK(norm("") == "");
}

TEST_CASE("normalize: separators between two Han characters are dropped, other space runs are one") {
    CHECK(norm("最 低 价") == "最低价");
    CHECK(norm("最\t低\r\n价") == "最低价");
    CHECK(norm("最  \n\n  低价") == "最低价");
    CHECK(norm("最，低。价、格：好") == "最低价格好");
    CHECK(norm("好“的”") == "好的”");            // the closing quote ends the text: kept
    CHECK(norm("最\xE3\x80\x80低") == "最低");     // ideographic space
    CHECK(norm("最-低_价!") == "最低价!");
    CHECK(norm("a b") == "a b");
    CHECK(norm("a  b\nc") == "a b c"); // other white space runs are one space
    CHECK(norm("lowest\r\n\t price") == "lowest price");
    CHECK(norm("价 A") == "价 a");
    CHECK(norm("A 价") == "a 价");
    CHECK(norm("最 a 低") == "最 a 低");
    CHECK(norm("最低 ") == "最低 ");
    CHECK(norm(" 最低") == " 最低");
    CHECK(norm("最 1 低") == "最 1 低");            // a digit is not a separator
    CHECK(norm("最 ￥ 低") == "最 ¥ 低");           // nor is a currency sign (U+FFE5 -> U+00A5)
    CHECK(norm("价格，Price，价格") == "价格,price,价格");
}

TEST_CASE("normalize: Traditional to Simplified only when enabled") {
    CHECK(norm("最低價", true) == "最低价");
    CHECK(norm("終身保修", true) == "终身保修");
    CHECK(norm("保證 退款", true) == "保证退款");
    CHECK(norm("最低價") == "最低價");
    CHECK(norm("終身保修") == "終身保修");
    CHECK(norm("Price 價", true) == "price 价");
    CHECK(Normalizer(true).traditional());
    CHECK_FALSE(Normalizer(false).traditional());
}

TEST_CASE("normalize: the origin map points every output byte at its input character") {
    // Input bytes: Ａ 0..2, 最 3..5, ' ' 6, 低 7..9, b 10, ß 11..12, ， 13..15, X 16.
    const std::string in = "Ａ最 低bß，X";
    REQUIRE(in.size() == 17);
    NormalizedText out;
    Normalizer(false).normalize(in, out);
    CHECK(out.text == "a最低bss,x");
    const std::vector<std::uint32_t> want = {0,  3,  3,  3,  7,  7,  7, 10,
                                             11, 11, 13, 16, 17};
    CHECK(out.origin == want);
    CHECK(out.origin.size() == out.text.size() + 1);
    CHECK(out.origin.back() == in.size());
}

TEST_CASE("normalize: the origin map across dropped separators and Traditional folding") {
    // 最 0..2, '　' 3..5, 價 6..8, '\n' 9, ' ' 10, 格 11..13
    const std::string in = "最\xE3\x80\x80價\n 格";
    NormalizedText out;
    Normalizer(true).normalize(in, out);
    CHECK(out.text == "最价格");
    const std::vector<std::uint32_t> want = {0, 0, 0, 6, 6, 6, 11, 11, 11, 14};
    CHECK(out.origin == want);

    // Kept separators keep their own offsets: "价 A" -> 价 0..2, ' ' 3, a 4.
    Normalizer(false).normalize("价 A", out);
    CHECK(out.origin == std::vector<std::uint32_t>{0, 0, 0, 3, 4, 5});

    // Reusing the output object starts afresh.
    Normalizer(false).normalize("", out);
    CHECK(out.text.empty());
    CHECK(out.origin == std::vector<std::uint32_t>{0});
}

TEST_CASE("normalize: invalid UTF-8 passes through unchanged") {
    CHECK(norm("a\xFF" "B") == "a\xFF" "b");
    CHECK(norm("\xE6\x9C") == "\xE6\x9C");           // a truncated 最
    CHECK(norm("最\xFF低") == "最\xFF低");
    CHECK(norm("\xC0\xAF") == "\xC0\xAF");           // an overlong '/'
    NormalizedText out;
    Normalizer(false).normalize("x\xFFy", out);
    CHECK(out.origin == std::vector<std::uint32_t>{0, 1, 2, 3});
}

TEST_CASE("normalize: characters beyond the BMP") {
    CHECK(norm("😀 OK") == "😀 ok");
    CHECK(norm("𠀀 𠀁") == "𠀀𠀁"); // CJK Extension B is Han: the space between goes
}

TEST_CASE("normalize: default-ignorable characters vanish, as NFKC_Casefold says") {
    CHECK(norm("lo\xC2\xADwest") == "lowest");
    CHECK(norm("最\xE2\x80\x8B低价") == "最低价");
}

TEST_CASE("is_han") {
    CHECK(is_han(U'最'));
    CHECK(is_han(0x3400));
    CHECK(is_han(0xF900));
    CHECK(is_han(0x20000));
    CHECK_FALSE(is_han(U'a'));
    CHECK_FALSE(is_han(U'，'));
    CHECK_FALSE(is_han(U'カ'));
    CHECK_FALSE(is_han(0x3002)); // 。
}
