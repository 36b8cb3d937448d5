// The query language (mailscope-query(7)): free text, phrases, AND/OR/NOT, field prefixes
// from fields.hpp, date ranges and `*` for every message.
#pragma once

#include "mailscope/util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace Xapian {
class Query;
}

namespace ms {

// Parses a query; syntax errors and bad dates are Errc::usage with a hint.
Result<Xapian::Query> parse_query(const std::string& text);

// One end of a date range as epoch seconds (UTC): "2001", "2001-05", "2001-05-14",
// "20010514", "2001-05-14T10:00", "today", "yesterday", "7d", "2w", "3m", "1y" (ago).
// `end` picks the last second of the period instead of the first.
std::optional<std::int64_t> parse_date_bound(const std::string& s, bool end, std::int64_t now);

} // namespace ms
