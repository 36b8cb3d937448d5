// The viewer's share of the case for analytics (timeline, stats, report): the messages their
// role may see, classified by the directory's work domains, and masking where they must.
#pragma once

#include "cli.hpp"
#include "progress.hpp"

#include "mailscope/analytics/comm.hpp"

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace CLI {
class App;
}

namespace ms::cli {

struct AnalyticsOptions {
    std::vector<std::string> work_domains;  // --work-domain, added to the directory's
};
void add_work_domain_option(CLI::App& app, AnalyticsOptions& o);

struct AnalyticsView {
    std::unique_ptr<Parties> parties;
    CommModel model;
    std::unordered_map<std::int64_t, Visibility> vis;  // of every message in the model
    bool any_masked = false;

    // `text` as the viewer may see it for message `id` (masked for masked views).
    std::string text(const Context& ctx, std::int64_t id, std::string s) const;
    // A customer key or an address: masked when it is neither company nor a directory
    // customer and the viewer sees personal data masked.
    std::string party(const Context& ctx, const std::string& s) const;
    // Offset from UTC of the organisation's time zone (UTC without a directory).
    int utc_offset(const Context& ctx, std::int64_t t) const;
};

// The customer key `name` means: an address or a domain maps to its customer; otherwise a
// customer of the model whose key contains `name` (case-insensitive), when only one does.
Result<std::string> resolve_customer(const AnalyticsView& view, const std::string& name);

// Fails with a usage error when no work domains are known (no directory, no --work-domain).
Result<AnalyticsView> load_view(Context& ctx, const AnalyticsOptions& o);

// "2025-03-01", "2025-03-01T10:00", "2025-03-01T10:00:00Z" or with an offset ("+08:00",
// "-0500"): UTC seconds. Dates and times without a zone are UTC (mailscope-analytics(7));
// `end_of_day` makes a date the end of that day and a minute its last second (--until, --as-of).
Result<std::int64_t> parse_when(const Context& ctx, const std::string& s, bool end_of_day,
                                const char* option);

} // namespace ms::cli
