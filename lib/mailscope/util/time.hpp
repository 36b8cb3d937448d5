// Calendar arithmetic and ISO 8601 formatting (UTC and with the sender's original offset).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ms {

// Seconds since the epoch for a UTC civil time; no range checks beyond the calendar.
std::int64_t epoch_from_civil(int year, int month, int day, int hour = 0, int min = 0, int sec = 0);
struct Civil {
    int year, month, day, hour, min, sec;
};
Civil civil_from_epoch(std::int64_t t);

// 2001-05-14T16:39:00Z
std::string iso8601_utc(std::int64_t t);
// 2001-05-14T09:39:00-07:00: the same instant as written by the sender (offset in minutes).
std::string iso8601_with_offset(std::int64_t t, int offset_min);
// RFC 5322 date, used when mailscope has to write a Date header (PST items).
std::string rfc5322_date(std::int64_t t);
// asctime-style date for mbox "From " separator lines: "Mon May 14 16:39:00 2001".
std::string asctime_utc(std::int64_t t);

std::int64_t now_epoch();

} // namespace ms
