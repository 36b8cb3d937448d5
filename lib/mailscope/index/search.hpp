// Runs a query against the case's index and returns case ids in the requested order.
#pragma once

#include "mailscope/store/case.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ms {

enum class SortOrder { date, date_desc, relevance };

struct SearchOptions {
    std::string query;
    std::size_t limit = 0;   // 0: every match
    std::size_t offset = 0;
    SortOrder sort = SortOrder::date;
};

struct SearchResult {
    std::vector<std::int64_t> ids;
    std::uint64_t total = 0;  // exact count of matches
};

Result<SearchResult> search(Case& c, const SearchOptions& opts);

} // namespace ms
