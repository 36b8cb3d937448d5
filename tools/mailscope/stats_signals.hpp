// mailscope stats signals: inquiries before orders and the routing of the Nth inquiry.
#pragma once

#include "analytics_view.hpp"
#include "cli.hpp"

namespace ms::cli {

struct SignalsArgs {
    std::string inquiry = "inquiry", order = "order";  // policy categories
    unsigned nth = 3;
    std::string route_to;  // a person; default: the manager of the inquiry owner's department
};

Result<int> stats_signals(Context& ctx, AnalyticsView& view, const SignalsArgs& a,
                          OutputFormat fmt);

} // namespace ms::cli
