#include "mailscope/util/strings.hpp"

#include <doctest/doctest.h>

using namespace ms;

TEST_CASE("normalize_message_id strips brackets and space") {
    CHECK(normalize_message_id(" <abc@x.example> ") == "abc@x.example");
    CHECK(normalize_message_id("abc@x") == "abc@x");
}

TEST_CASE("parse_message_id_list keeps order and drops folding") {
    auto v = parse_message_id_list("<a@x> <b@\n y>\t<c@z>");
    REQUIRE(v.size() == 3);
    CHECK(v[0] == "a@x");
    CHECK(v[1] == "b@y");
    CHECK(v[2] == "c@z");
    CHECK(parse_message_id_list("bare@id").size() == 1);
    CHECK(parse_message_id_list("no id here").empty());
}

TEST_CASE("sanitize_utf8 replaces invalid bytes") {
    CHECK(is_valid_utf8("最低价"));
    CHECK_FALSE(is_valid_utf8("\xD7\xEE\xB5\xCD")); // GB2312 bytes
    CHECK(sanitize_utf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
    CHECK(utf8_truncate("最低价", 4) == "最");
}

TEST_CASE("ascii_lower, iequals and istarts_with fold ASCII letters only") {
    CHECK(ascii_lower("Content-TYPE: Text/HTML") == "content-type: text/html");
    CHECK(ascii_lower("\xC3\x89T\xC3\x89") == "\xC3\x89t\xC3\x89"); // ÉTÉ: only the T folds
    CHECK(iequals("Message-ID", "message-id"));
    CHECK(iequals("", ""));
    CHECK_FALSE(iequals("To", "Tom"));
    CHECK_FALSE(iequals("\xC3\x89", "\xC3\xA9")); // É vs é: not ASCII, compared exactly
    CHECK_FALSE(iequals("[", "{"));               // 0x5B vs 0x7B differ by 0x20 but are not letters
    CHECK(istarts_with("RE: hello", "re:"));
    CHECK(istarts_with("abc", ""));
    CHECK_FALSE(istarts_with("re", "re:"));
}

TEST_CASE("trim removes spaces, tabs and line ends at both ends only") {
    CHECK(trim("  a b \t\r\n") == "a b");
    CHECK(trim("\r\n") == "");
    CHECK(trim("") == "");
    CHECK(trim("x") == "x");
}

TEST_CASE("split keeps empty fields") {
    auto v = split("a,b,,c", ',');
    REQUIRE(v.size() == 4);
    CHECK(v[0] == "a");
    CHECK(v[1] == "b");
    CHECK(v[2] == "");
    CHECK(v[3] == "c");
    auto one = split("abc", ',');
    REQUIRE(one.size() == 1);
    CHECK(one[0] == "abc");
    auto empty = split("", ',');
    REQUIRE(empty.size() == 1);
    CHECK(empty[0] == "");
    auto edges = split(",x,", ',');
    REQUIRE(edges.size() == 3);
    CHECK(edges[0] == "");
    CHECK(edges[1] == "x");
    CHECK(edges[2] == "");
}

TEST_CASE("collapse_whitespace joins folded lines with one space and trims") {
    CHECK(collapse_whitespace("  Quarterly\r\n\treport   for  Q3 \n") == "Quarterly report for Q3");
    CHECK(collapse_whitespace("") == "");
    CHECK(collapse_whitespace(" \t\r\n ") == "");
    CHECK(collapse_whitespace("a") == "a");
    CHECK(collapse_whitespace("最低\n 价") == "最低 价");
}

TEST_CASE("utf8_truncate never splits a multi-byte character") {
    const std::string s = "最低价"; // three 3-byte characters
    REQUIRE(s.size() == 9);
    CHECK(utf8_truncate(s, 9) == s);
    CHECK(utf8_truncate(s, 100) == s);
    CHECK(utf8_truncate(s, 8) == "最低");
    CHECK(utf8_truncate(s, 7) == "最低");
    CHECK(utf8_truncate(s, 6) == "最低");
    CHECK(utf8_truncate(s, 5) == "最");
    CHECK(utf8_truncate(s, 3) == "最");
    CHECK(utf8_truncate(s, 2) == "");
    CHECK(utf8_truncate(s, 0) == "");
    CHECK(utf8_truncate("a最", 1) == "a");
    CHECK(utf8_truncate("a最", 3) == "a");
    CHECK(utf8_truncate("a最", 4) == "a最");
    CHECK(utf8_truncate("\xF0\x9F\x98\x80!", 3) == ""); // U+1F600 is 4 bytes
    CHECK(utf8_truncate("\xF0\x9F\x98\x80!", 4) == "\xF0\x9F\x98\x80");
    CHECK(utf8_truncate("abcdef", 3) == "abc");
}

TEST_CASE("is_valid_utf8 accepts the boundaries of the code space") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("\x7F"));
    CHECK(is_valid_utf8("\xC2\x80"));         // U+0080, smallest 2-byte
    CHECK(is_valid_utf8("\xE0\xA0\x80"));     // U+0800, smallest 3-byte
    CHECK(is_valid_utf8("\xED\x9F\xBF"));     // U+D7FF, last before the surrogates
    CHECK(is_valid_utf8("\xEE\x80\x80"));     // U+E000, first after them
    CHECK(is_valid_utf8("\xEF\xBF\xBF"));     // U+FFFF
    CHECK(is_valid_utf8("\xF0\x90\x80\x80")); // U+10000
    CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF")); // U+10FFFF, the last code point
}

TEST_CASE("sanitize_utf8 replaces overlong forms, surrogates and out-of-range bytes") {
    const std::string r = "\xEF\xBF\xBD"; // U+FFFD
    // Overlong encodings of '/': none of their bytes starts a valid sequence.
    CHECK(sanitize_utf8("\xC0\xAF") == r + r);
    CHECK(sanitize_utf8("\xC1\xBF") == r + r);
    CHECK(sanitize_utf8("\xE0\x80\xAF") == r + r + r);
    CHECK(sanitize_utf8("\xF0\x80\x80\xAF") == r + r + r + r);
    // UTF-16 surrogates encoded in UTF-8 (CESU-8 / WTF-8) are not UTF-8.
    CHECK(sanitize_utf8("\xED\xA0\x80") == r + r + r);
    CHECK(sanitize_utf8("a\xED\xBF\xBFz") == "a" + r + r + r + "z");
    // Beyond U+10FFFF, and bytes that never occur in UTF-8.
    CHECK(sanitize_utf8("\xF4\x90\x80\x80") == r + r + r + r);
    CHECK(sanitize_utf8("\xF5\xFE\xFF") == r + r + r);
    // A stray continuation byte between valid characters.
    CHECK(sanitize_utf8("最\x80低") == "最" + r + "低");
    // Valid text, including U+FFFD itself, is unchanged.
    CHECK(sanitize_utf8("日本語 " + r) == "日本語 " + r);
}

TEST_CASE("sanitize_utf8 of a sequence cut short at the end yields valid UTF-8") {
    std::string out = sanitize_utf8("ok\xE4\xBD");
    CHECK(is_valid_utf8(out));
    CHECK(out.rfind("ok\xEF\xBF\xBD", 0) == 0);
    CHECK(out.find("\xE4") == std::string::npos);
}
