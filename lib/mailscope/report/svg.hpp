// Small self-contained SVG charts for HTML reports (no script, no external files): a line
// chart of series over labelled points and a horizontal bar chart.
#pragma once

#include <string>
#include <vector>

namespace ms {

struct ChartSeries {
    std::string name;
    std::vector<double> values;  // one per label
};

// `id` becomes the svg element's id; `unit` is appended to the axis maximum ("h", "").
std::string svg_line_chart(const std::string& id, const std::string& title,
                           const std::vector<std::string>& labels,
                           const std::vector<ChartSeries>& series, const std::string& unit);

std::string svg_bar_chart(const std::string& id, const std::string& title,
                          const std::vector<std::pair<std::string, double>>& bars,
                          const std::string& unit);

std::string html_escape(const std::string& s);

} // namespace ms
