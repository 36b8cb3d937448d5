// Unit tests of index/query: date bounds of every accepted form and query parse errors.
// Expected epochs come from day counts: 2001-01-01 is day 11323 (978307200); `now` below is
// 2001-05-14 16:39:00 UTC, day 11456.
#include "mailscope/index/query.hpp"
#include "mailscope/util/time.hpp"

#include <doctest/doctest.h>

#include <xapian.h>

using namespace ms;

namespace {

constexpr std::int64_t k_day = 86400;
constexpr std::int64_t k_now = 11456 * k_day + 16 * 3600 + 39 * 60; // 2001-05-14 16:39:00
constexpr std::int64_t k_today = 11456 * k_day;                     // 2001-05-14 00:00:00

std::int64_t start_of(const std::string& s) {
    auto r = parse_date_bound(s, false, k_now);
    REQUIRE_MESSAGE(r, s);
    return *r;
}
std::int64_t end_of(const std::string& s) {
    auto r = parse_date_bound(s, true, k_now);
    REQUIRE_MESSAGE(r, s);
    return *r;
}
bool rejected(const std::string& s) {
    return !parse_date_bound(s, false, k_now) && !parse_date_bound(s, true, k_now);
}

} // namespace

TEST_CASE("parse_date_bound: a year") {
    CHECK(start_of("2001") == 978307200);
    // 2002-01-01 is 365 days later; the end is the second before it.
    CHECK(end_of("2001") == 978307200 + 365 * k_day - 1);
    CHECK(start_of("2000") == 946684800);
    CHECK(end_of("2000") == 946684800 + 366 * k_day - 1);
}

TEST_CASE("parse_date_bound: a month, February in leap and common years") {
    // 2001-02-01 is 31 days after New Year; 2001-03-01 is 59 days after.
    CHECK(start_of("2001-02") == 978307200 + 31 * k_day);
    CHECK(end_of("2001-02") == 978307200 + 59 * k_day - 1);
    // 2000 is a leap year: March 1 is day 60 of the year.
    CHECK(end_of("2000-02") == 946684800 + 60 * k_day - 1);
    CHECK(end_of("2004-02") == epoch_from_civil(2004, 2, 29, 23, 59, 59));
    // 1900 is not: February has 28 days.
    CHECK(end_of("1900-02") == epoch_from_civil(1900, 2, 28, 23, 59, 59));
    CHECK(start_of("2001-12") == epoch_from_civil(2001, 12, 1));
    CHECK(end_of("2001-12") == epoch_from_civil(2001, 12, 31, 23, 59, 59));
}

TEST_CASE("parse_date_bound: a day, with or without dashes") {
    CHECK(start_of("2001-05-14") == k_today);
    CHECK(end_of("2001-05-14") == k_today + k_day - 1);
    CHECK(start_of("20010514") == k_today);
    CHECK(end_of("20010514") == k_today + k_day - 1);
    CHECK(start_of("2000-02-29") == 946684800 + 59 * k_day);
}

TEST_CASE("parse_date_bound: a moment; as an end, HH:MM covers its whole minute") {
    CHECK(start_of("2001-05-14T10:00") == k_today + 10 * 3600);
    CHECK(end_of("2001-05-14T10:00") == k_today + 10 * 3600 + 59);
    CHECK(start_of("2001-05-14T10:00:30") == k_today + 10 * 3600 + 30);
    CHECK(end_of("2001-05-14T10:00:30") == k_today + 10 * 3600 + 30);
    CHECK(start_of("2001-05-14 23:59:59") == k_today + k_day - 1);
    CHECK(start_of("2001-05-14t10:00") == k_today + 10 * 3600);
}

TEST_CASE("parse_date_bound: today, yesterday and now") {
    CHECK(start_of("today") == k_today);
    CHECK(end_of("today") == k_today + k_day - 1);
    CHECK(start_of("yesterday") == k_today - k_day);
    CHECK(end_of("yesterday") == k_today - 1);
    CHECK(start_of("now") == k_now);
    CHECK(end_of("now") == k_now);
    CHECK(start_of(" TODAY ") == k_today);
}

TEST_CASE("parse_date_bound: relative days, weeks, months and years ago") {
    CHECK(start_of("0d") == k_today);
    CHECK(start_of("7d") == k_today - 7 * k_day);        // 2001-05-07
    CHECK(end_of("7d") == k_today - 6 * k_day - 1);
    CHECK(start_of("2w") == k_today - 14 * k_day);       // 2001-04-30
    CHECK(start_of("2w") == epoch_from_civil(2001, 4, 30));
    CHECK(start_of("3m") == k_today - 90 * k_day);       // months are 30 days: 2001-02-13
    CHECK(start_of("3m") == epoch_from_civil(2001, 2, 13));
    CHECK(start_of("1y") == k_today - 365 * k_day);      // 2000-05-14
    CHECK(start_of("1y") == epoch_from_civil(2000, 5, 14));
}

// tests/data/fuzz-regressions/query/relative-date-overflows: a huge count overflowed the
// seconds arithmetic (UB); it is now no date at all.
TEST_CASE("parse_date_bound: a relative date of more than 7 digits is rejected") {
    CHECK(parse_date_bound("9999999y", false, k_now));
    CHECK_FALSE(parse_date_bound("11111111d", false, k_now));
    CHECK_FALSE(parse_date_bound(std::string(90, '1') + "d", true, k_now));
    CHECK_FALSE(parse_query("date:" + std::string(90, '1') + "w.."));
}

TEST_CASE("parse_date_bound: today at a negative now rounds down to the day") {
    auto r = parse_date_bound("today", false, -1);
    REQUIRE(r);
    CHECK(*r == -k_day);
}

TEST_CASE("parse_date_bound: invalid dates are rejected") {
    CHECK(rejected("2001-13"));
    CHECK(rejected("2001-02-30"));
    CHECK(rejected("2001-02-29")); // 2001 is not a leap year
    CHECK(rejected("20010230"));
    CHECK(rejected("20011301"));
    CHECK(rejected("1800"));
    CHECK(rejected("2201"));
    CHECK(rejected("garbage"));
    CHECK(rejected(""));
    CHECK(rejected("  "));
    CHECK(rejected("2001-5"));
    CHECK(rejected("01-05-2001"));
    CHECK(rejected("2001/05/14"));
    CHECK(rejected("2001-05-14T25:00"));
    CHECK(rejected("2001-05-14T10:60"));
    CHECK(rejected("2001-05-14T10"));
    CHECK(rejected("2001-05-14T10:00:3"));
    CHECK(rejected("2001-05-14X"));
    CHECK(rejected("7x"));
    CHECK(rejected("-7d"));
    CHECK(rejected("d"));
}

TEST_CASE("parse_date_bound: month 00 and day 00 are rejected") {
    CHECK(rejected("2001-00"));
    CHECK(rejected("2001-05-00"));
    CHECK(rejected("20010500"));
    CHECK(rejected("20010000"));
}

TEST_CASE("parse_date_bound: trailing characters and time zones are rejected") {
    CHECK(rejected("2001-05-14T10:00:30junk"));
    CHECK(rejected("2001-05-14T10:00:30+02:00"));
    CHECK(rejected("2001-05-14T10:00Z"));
    CHECK(rejected("2001-05-14T10:00:30Z"));
}

TEST_CASE("parse_query: * matches everything") {
    auto q = parse_query("*");
    REQUIRE(q);
    CHECK(q->get_type() == Xapian::Query::LEAF_MATCH_ALL);
    REQUIRE(parse_query("  *  "));
}

TEST_CASE("parse_query: an empty query is a usage error with a hint") {
    for (const char* s : {"", "   "}) {
        auto q = parse_query(s);
        REQUIRE_FALSE(q);
        CHECK(q.error().code == Errc::usage);
        CHECK(q.error().hint.find('*') != std::string::npos);
    }
}

TEST_CASE("parse_query: field queries and dates parse") {
    CHECK(parse_query("from:alice subject:budget"));
    CHECK(parse_query("date:2001-05"));
    CHECK(parse_query("date:2001-05-01..2001-06"));
    CHECK(parse_query("date:..2001"));
    CHECK(parse_query("is:unread AND NOT folder:Sent*"));
    CHECK(parse_query("id:42 OR id:<abc@example.com>"));
    CHECK(parse_query("\"quarterly report\""));
}

TEST_CASE("parse_query: a syntax error is a usage error with a hint") {
    for (const char* s : {"budget AND", "OR OR", "NOT"}) {
        auto q = parse_query(s);
        REQUIRE_FALSE(q);
        CHECK(q.error().code == Errc::usage);
        CHECK(q.error().message.rfind("query: ", 0) == 0);
        CHECK(q.error().message.find("Syntax") != std::string::npos);
        CHECK(q.error().hint.find("mailscope-query(7)") != std::string::npos);
    }
}

// Xapian 1.4 reads these again as plain words (its fallback), and that first parse leaks when
// the query has Chinese (tests/data/fuzz-regressions/query/xapian-cjk-fallback-parse-leaks).
TEST_CASE("parse_query: an operator Xapian could only read as a word is a usage error") {
    for (const char* s : {"a ADJ", "a NEAR", "发票 NEAR", "a ADJ 个个 b"}) {
        auto q = parse_query(s);
        REQUIRE_FALSE(q);
        CHECK(q.error().code == Errc::usage);
        CHECK(q.error().message.find("lacks a term on one side: ") != std::string::npos);
        CHECK(q.error().hint.find("lower case") != std::string::npos);
    }
    auto q = parse_query("OR a 个个 b");
    REQUIRE_FALSE(q);
    CHECK(q.error().code == Errc::usage);
    for (const char* s : {"NOT a", "(NOT a)", "a NEAR/3 b", "a ADJ b", "\"供应链优化\"",
                          "最低价 OR 转账", "subject:(a OR b)", "+a -b", "or and not", "最低*"})
        CHECK_MESSAGE(parse_query(s), s);
}

TEST_CASE("parse_query: a bad date is a usage error naming it") {
    for (const char* s : {"date:2001-13", "date:2001-13..2002", "date:2001..garbage"}) {
        auto q = parse_query(s);
        REQUIRE_FALSE(q);
        CHECK(q.error().code == Errc::usage);
        CHECK_FALSE(q.error().hint.empty());
    }
    auto q = parse_query("date:2001-13");
    REQUIRE_FALSE(q);
    CHECK(q.error().message.find("2001-13") != std::string::npos);
}

// tests/data/fuzz-regressions/query/bad-date-leaks-xapian-parser: the bad date used to be
// thrown through Xapian's parser, which leaked; the error must still name the first bad date.
TEST_CASE("parse_query: a bad date among other terms names the first bad date") {
    auto q = parse_query("date:2001-05-14T10:e:2001-05");
    REQUIRE_FALSE(q);
    CHECK(q.error().code == Errc::usage);
    CHECK(q.error().message.rfind("query: invalid date '", 0) == 0);
    auto r = parse_query("invoice date:2001-13 date:2002-14");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("2001-13") != std::string::npos);
}

TEST_CASE("parse_query: a query with nothing searchable is a usage error with a hint") {
    auto q = parse_query("\"\"");
    REQUIRE_FALSE(q);
    CHECK(q.error().code == Errc::usage);
    CHECK_FALSE(q.error().hint.empty());
}
