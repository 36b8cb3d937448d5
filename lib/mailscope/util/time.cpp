#include "mailscope/util/time.hpp"

#include <chrono>
#include <cstdio>

namespace ms {

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
static std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::int64_t epoch_from_civil(int year, int month, int day, int hour, int min, int sec) {
    return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
           hour * 3600 + min * 60 + sec;
}

Civil civil_from_epoch(std::int64_t t) {
    std::int64_t z = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    std::int64_t secs = t - z * 86400;
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return Civil{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d),
                 static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                 static_cast<int>(secs % 60)};
}

std::string iso8601_utc(std::int64_t t) {
    Civil c = civil_from_epoch(t);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour,
                  c.min, c.sec);
    return buf;
}

std::string iso8601_with_offset(std::int64_t t, int offset_min) {
    Civil c = civil_from_epoch(t + static_cast<std::int64_t>(offset_min) * 60);
    int a = offset_min < 0 ? -offset_min : offset_min;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", c.year, c.month,
                  c.day, c.hour, c.min, c.sec, offset_min < 0 ? '-' : '+', a / 60, a % 60);
    return buf;
}

static const char* const k_wday[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
static const char* const k_mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static const char* weekday(std::int64_t t) {
    std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    return k_wday[((days % 7) + 7) % 7];
}

std::string rfc5322_date(std::int64_t t) {
    Civil c = civil_from_epoch(t);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s, %d %s %04d %02d:%02d:%02d +0000", weekday(t), c.day,
                  k_mon[c.month - 1], c.year, c.hour, c.min, c.sec);
    return buf;
}

std::string asctime_utc(std::int64_t t) {
    Civil c = civil_from_epoch(t);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s %s %2d %02d:%02d:%02d %04d", weekday(t), k_mon[c.month - 1],
                  c.day, c.hour, c.min, c.sec, c.year);
    return buf;
}

std::int64_t now_epoch() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace ms
