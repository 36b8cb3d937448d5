// The query language (mailscope-query(7)) and date bounds: errors are results, never crashes.
#include "mailscope/index/query.hpp"

#include <xapian.h>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    auto q = ms::parse_query(text);
    if (q) (void)q->get_description();
    const std::int64_t now = 1700000000; // fixed: a run must be reproducible
    (void)ms::parse_date_bound(text, false, now);
    (void)ms::parse_date_bound(text, true, now);
    return 0;
}
