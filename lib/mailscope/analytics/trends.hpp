// Flags per month, per category and per rule, with the change against the previous month
// (mailscope-analytics(7), TRENDS). A flag counts in the month of its message's date.
#pragma once

#include "mailscope/store/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ms {

struct TrendSeries {
    std::string kind;   // "category" or "rule"
    std::string name;
    std::string tier;   // rules: their tier; categories: the highest tier among their flags
    std::map<std::string, std::uint64_t> months;  // "2025-03" -> flags
    std::uint64_t total = 0;
};

struct TrendRow {
    std::string kind, name, tier, month;
    std::uint64_t count = 0, previous = 0;
    std::int64_t change = 0;       // count - previous
    bool jump = false;             // see TrendOptions
};

struct TrendOptions {
    // A jump: at least `jump_min` flags in a month and at least `jump_factor` times the
    // previous month's count (a month after an empty one jumps on jump_min alone). The first
    // month of the period has nothing to compare with and never jumps.
    std::uint64_t jump_min = 3;
    double jump_factor = 2.0;
    std::string since, until;      // "YYYY-MM", inclusive; "" = open
};

struct TrendReport {
    std::vector<std::string> months;   // every month from the first to the last, no gaps
    std::vector<TrendSeries> series;   // categories first, then rules, by name
    std::vector<TrendRow> rows;        // one per series and month
    std::vector<TrendRow> jumps;       // the rows that jumped
};

// Flags of every rule-set version (stale ones are replaced on rescan), on messages for which
// `keep(message_id)` holds, bucketed with `utc_offset` (minutes; null: UTC).
Result<TrendReport> flag_trends(Db& db, const std::function<bool(std::int64_t)>& keep,
                                const std::function<int(std::int64_t)>& utc_offset,
                                const TrendOptions& opts);

// The months from `first` to `last` ("YYYY-MM"), inclusive.
std::vector<std::string> month_range(const std::string& first, const std::string& last);

} // namespace ms
