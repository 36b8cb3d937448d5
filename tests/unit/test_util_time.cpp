// Unit tests of util/time: civil <-> epoch conversion and the date formats mailscope writes.
// Expected epochs are worked out by day counts: 1970-01-01 .. 2000-01-01 is 30 * 365 + 7 leap
// days = 10957 days; 1970-01-01 was a Thursday.
#include "mailscope/util/time.hpp"

#include <doctest/doctest.h>

using namespace ms;

namespace {
// 2001-05-14 16:39:00 UTC: 2001-01-01 is day 10957 + 366 = 11323; May 14 is 133 days later
// (31 + 28 + 31 + 30 + 13), so day 11456, a Monday (11456 % 7 == 4 days after Thursday).
constexpr std::int64_t k_may14 = 11456LL * 86400 + 16 * 3600 + 39 * 60; // 989858340
} // namespace

TEST_CASE("epoch_from_civil at well-known instants") {
    CHECK(epoch_from_civil(1970, 1, 1) == 0);
    CHECK(epoch_from_civil(2000, 1, 1) == 946684800);
    CHECK(epoch_from_civil(2001, 1, 1) == 978307200);
    CHECK(epoch_from_civil(2001, 5, 14, 16, 39, 0) == k_may14);
    CHECK(k_may14 == 989858340);
    CHECK(epoch_from_civil(2038, 1, 19, 3, 14, 7) == 2147483647);
}

TEST_CASE("epoch_from_civil follows the Gregorian leap-year rules") {
    const std::int64_t day = 86400;
    // 2000 is a leap year (divisible by 400): Feb 29 exists and the year has 366 days.
    CHECK(epoch_from_civil(2000, 2, 29) == (10957 + 59) * day);
    CHECK(epoch_from_civil(2000, 3, 1) - epoch_from_civil(2000, 2, 28) == 2 * day);
    CHECK(epoch_from_civil(2001, 1, 1) - epoch_from_civil(2000, 1, 1) == 366 * day);
    // 1900 is not (divisible by 100, not by 400); 2004 is.
    CHECK(epoch_from_civil(1900, 3, 1) - epoch_from_civil(1900, 2, 28) == day);
    CHECK(epoch_from_civil(2004, 3, 1) - epoch_from_civil(2004, 2, 28) == 2 * day);
    CHECK(epoch_from_civil(2002, 1, 1) - epoch_from_civil(2001, 1, 1) == 365 * day);
}

TEST_CASE("epoch_from_civil before 1970 is negative") {
    CHECK(epoch_from_civil(1969, 12, 31, 23, 59, 59) == -1);
    CHECK(epoch_from_civil(1969, 12, 31) == -86400);
    CHECK(epoch_from_civil(1900, 1, 1) == -2208988800LL);
    // 1900-03-01 is 59 days after 1900-01-01 (31 + 28, no Feb 29 in 1900).
    CHECK(epoch_from_civil(1900, 3, 1) == -2208988800LL + 59 * 86400);
}

TEST_CASE("civil_from_epoch inverts epoch_from_civil") {
    Civil c = civil_from_epoch(k_may14);
    CHECK(c.year == 2001);
    CHECK(c.month == 5);
    CHECK(c.day == 14);
    CHECK(c.hour == 16);
    CHECK(c.min == 39);
    CHECK(c.sec == 0);

    Civil leap = civil_from_epoch(epoch_from_civil(2000, 2, 29, 23, 59, 59));
    CHECK(leap.year == 2000);
    CHECK(leap.month == 2);
    CHECK(leap.day == 29);
    CHECK(leap.hour == 23);
    CHECK(leap.sec == 59);

    Civil next = civil_from_epoch(epoch_from_civil(2000, 2, 29, 23, 59, 59) + 1);
    CHECK(next.month == 3);
    CHECK(next.day == 1);
    CHECK(next.hour == 0);

    Civil new_year = civil_from_epoch(epoch_from_civil(2000, 12, 31) + 86399 + 1);
    CHECK(new_year.year == 2001);
    CHECK(new_year.month == 1);
    CHECK(new_year.day == 1);
}

TEST_CASE("civil_from_epoch of negative epochs rounds towards the earlier day") {
    Civil a = civil_from_epoch(-1);
    CHECK(a.year == 1969);
    CHECK(a.month == 12);
    CHECK(a.day == 31);
    CHECK(a.hour == 23);
    CHECK(a.min == 59);
    CHECK(a.sec == 59);

    Civil b = civil_from_epoch(-86400);
    CHECK(b.day == 31);
    CHECK(b.hour == 0);
    CHECK(b.sec == 0);

    Civil c = civil_from_epoch(-86401);
    CHECK(c.month == 12);
    CHECK(c.day == 30);
    CHECK(c.hour == 23);
    CHECK(c.sec == 59);

    Civil d = civil_from_epoch(-2208988800LL + 59 * 86400);
    CHECK(d.year == 1900);
    CHECK(d.month == 3);
    CHECK(d.day == 1);
}

TEST_CASE("civil round trip over a range of days, including leap days") {
    for (std::int64_t t = epoch_from_civil(1899, 12, 25); t < epoch_from_civil(2001, 3, 5);
         t += 86400 * 3 + 3607) {
        Civil c = civil_from_epoch(t);
        CHECK(epoch_from_civil(c.year, c.month, c.day, c.hour, c.min, c.sec) == t);
    }
}

TEST_CASE("iso8601_utc") {
    CHECK(iso8601_utc(0) == "1970-01-01T00:00:00Z");
    CHECK(iso8601_utc(k_may14) == "2001-05-14T16:39:00Z");
    CHECK(iso8601_utc(-1) == "1969-12-31T23:59:59Z");
    CHECK(iso8601_utc(epoch_from_civil(2000, 2, 29, 1, 2, 3)) == "2000-02-29T01:02:03Z");
}

TEST_CASE("iso8601_with_offset shows the sender's local time and offset") {
    CHECK(iso8601_with_offset(k_may14, 0) == "2001-05-14T16:39:00+00:00");
    CHECK(iso8601_with_offset(k_may14, -420) == "2001-05-14T09:39:00-07:00");
    CHECK(iso8601_with_offset(k_may14, 480) == "2001-05-15T00:39:00+08:00");
    // Half-hour offsets, east and west.
    CHECK(iso8601_with_offset(k_may14, 330) == "2001-05-14T22:09:00+05:30");
    CHECK(iso8601_with_offset(k_may14, -90) == "2001-05-14T15:09:00-01:30");
    CHECK(iso8601_with_offset(k_may14, -210) == "2001-05-14T13:09:00-03:30");
    // Less than an hour west must still carry the minus sign.
    CHECK(iso8601_with_offset(k_may14, -30) == "2001-05-14T16:09:00-00:30");
    // Crossing back over midnight and the year.
    CHECK(iso8601_with_offset(epoch_from_civil(2001, 1, 1, 0, 30, 0), -60) ==
          "2000-12-31T23:30:00-01:00");
}

TEST_CASE("rfc5322_date writes weekday, unpadded day and +0000") {
    CHECK(rfc5322_date(k_may14) == "Mon, 14 May 2001 16:39:00 +0000");
    CHECK(rfc5322_date(k_may14 - 10 * 86400) == "Fri, 4 May 2001 16:39:00 +0000");
    CHECK(rfc5322_date(0) == "Thu, 1 Jan 1970 00:00:00 +0000");
    CHECK(rfc5322_date(-1) == "Wed, 31 Dec 1969 23:59:59 +0000");
}

TEST_CASE("asctime_utc has the mbox From-line layout and the right weekday") {
    CHECK(asctime_utc(k_may14) == "Mon May 14 16:39:00 2001");
    // The day is space-padded to two columns.
    CHECK(asctime_utc(k_may14 - 10 * 86400) == "Fri May  4 16:39:00 2001");
    CHECK(asctime_utc(0) == "Thu Jan  1 00:00:00 1970");
    // 2000-02-29 was a Tuesday (day 11016, 11016 % 7 == 5 after Thursday).
    CHECK(asctime_utc(epoch_from_civil(2000, 2, 29, 12, 0, 0)) == "Tue Feb 29 12:00:00 2000");
    // Negative epochs: the last second of 1969 is a Wednesday, one day earlier a Tuesday.
    CHECK(asctime_utc(-1) == "Wed Dec 31 23:59:59 1969");
    CHECK(asctime_utc(-86401) == "Tue Dec 30 23:59:59 1969");
    // A full week of weekdays in order.
    const char* const k_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    std::int64_t sunday = epoch_from_civil(2001, 5, 13); // the day before k_may14
    for (int i = 0; i < 7; ++i)
        CHECK(asctime_utc(sunday + i * 86400).substr(0, 3) == k_days[i]);
}

TEST_CASE("now_epoch is a plausible current time") {
    std::int64_t now = now_epoch();
    CHECK(now > epoch_from_civil(2020, 1, 1));
    CHECK(now < epoch_from_civil(2200, 1, 1));
}
