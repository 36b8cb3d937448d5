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
