#include "mailscope/report/svg.hpp"

#include "mailscope/util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ms {

std::string html_escape(const std::string& s) {
    std::string o;
    o.reserve(s.size());
    for (char c : s) switch (c) {
        case '&': o += "&amp;"; break;
        case '<': o += "&lt;"; break;
        case '>': o += "&gt;"; break;
        case '"': o += "&quot;"; break;
        case '\'': o += "&#39;"; break;
        default: o += c;
        }
    return o;
}

namespace {

const char* const k_colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", v);
    return b;
}

std::string fmt_max(double v, const std::string& unit) {
    char b[48];
    if (v == std::floor(v)) std::snprintf(b, sizeof b, "%.0f%s", v, unit.c_str());
    else std::snprintf(b, sizeof b, "%.1f%s", v, unit.c_str());
    return b;
}

} // namespace

std::string svg_line_chart(const std::string& id, const std::string& title,
                           const std::vector<std::string>& labels,
                           const std::vector<ChartSeries>& series, const std::string& unit) {
    const double w = 760, h = 300, left = 60, right = 180, top = 30, bottom = 50;
    double max = 0;
    for (const auto& s : series)
        for (double v : s.values) max = std::max(max, v);
    if (max <= 0) max = 1;
    double pw = w - left - right, ph = h - top - bottom;
    auto x = [&](std::size_t i) {
        return left + (labels.size() > 1 ? pw * static_cast<double>(i) / static_cast<double>(labels.size() - 1) : pw / 2);
    };
    auto y = [&](double v) { return top + ph - ph * v / max; };
    std::string o = "<svg id=\"" + html_escape(id) + "\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    num(w) + "\" height=\"" + num(h) + "\" viewBox=\"0 0 " + num(w) + " " + num(h) +
                    "\" role=\"img\" aria-label=\"" + html_escape(title) + "\">\n";
    o += "<title>" + html_escape(title) + "</title>\n";
    o += "<text x=\"" + num(left) + "\" y=\"18\" font-size=\"14\" font-weight=\"bold\">" + html_escape(title) + "</text>\n";
    o += "<line x1=\"" + num(left) + "\" y1=\"" + num(top + ph) + "\" x2=\"" + num(left + pw) + "\" y2=\"" +
         num(top + ph) + "\" stroke=\"#444\"/>\n";
    o += "<line x1=\"" + num(left) + "\" y1=\"" + num(top) + "\" x2=\"" + num(left) + "\" y2=\"" + num(top + ph) +
         "\" stroke=\"#444\"/>\n";
    o += "<text x=\"" + num(left - 6) + "\" y=\"" + num(top + 4) + "\" font-size=\"11\" text-anchor=\"end\">" +
         html_escape(fmt_max(max, unit)) + "</text>\n";
    o += "<text x=\"" + num(left - 6) + "\" y=\"" + num(top + ph + 4) + "\" font-size=\"11\" text-anchor=\"end\">0</text>\n";
    std::size_t step = std::max<std::size_t>(1, labels.size() / 12);
    for (std::size_t i = 0; i < labels.size(); i += step)
        o += "<text x=\"" + num(x(i)) + "\" y=\"" + num(top + ph + 18) +
             "\" font-size=\"10\" text-anchor=\"middle\">" + html_escape(labels[i]) + "</text>\n";
    for (std::size_t s = 0; s < series.size(); ++s) {
        const char* colour = k_colours[s % (sizeof k_colours / sizeof *k_colours)];
        std::string pts;
        for (std::size_t i = 0; i < series[s].values.size() && i < labels.size(); ++i)
            pts += (pts.empty() ? "" : " ") + num(x(i)) + "," + num(y(series[s].values[i]));
        o += "<polyline class=\"series\" data-name=\"" + html_escape(series[s].name) +
             "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\" points=\"" + pts + "\"/>\n";
        for (std::size_t i = 0; i < series[s].values.size() && i < labels.size(); ++i)
            o += "<circle cx=\"" + num(x(i)) + "\" cy=\"" + num(y(series[s].values[i])) + "\" r=\"2.5\" fill=\"" +
                 colour + "\"><title>" + html_escape(series[s].name + " " + labels[i] + ": " +
                                                     fmt_max(series[s].values[i], unit)) + "</title></circle>\n";
        double ly = top + 12 + 16 * static_cast<double>(s);
        o += "<rect x=\"" + num(left + pw + 12) + "\" y=\"" + num(ly - 9) + "\" width=\"10\" height=\"10\" fill=\"" +
             colour + "\"/><text x=\"" + num(left + pw + 26) + "\" y=\"" + num(ly) + "\" font-size=\"11\">" +
             html_escape(series[s].name.size() > 28 ? utf8_truncate(series[s].name, 25) + "..." : series[s].name) + "</text>\n";
    }
    o += "</svg>\n";
    return o;
}

std::string svg_bar_chart(const std::string& id, const std::string& title,
                          const std::vector<std::pair<std::string, double>>& bars,
                          const std::string& unit) {
    const double w = 760, left = 300, top = 30, bar = 18, gap = 6;
    double h = top + static_cast<double>(bars.size()) * (bar + gap) + 20;
    double max = 0;
    for (const auto& b : bars) max = std::max(max, b.second);
    if (max <= 0) max = 1;
    double pw = w - left - 80;
    std::string o = "<svg id=\"" + html_escape(id) + "\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    num(w) + "\" height=\"" + num(h) + "\" viewBox=\"0 0 " + num(w) + " " + num(h) +
                    "\" role=\"img\" aria-label=\"" + html_escape(title) + "\">\n<title>" + html_escape(title) +
                    "</title>\n<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">" + html_escape(title) +
                    "</text>\n";
    for (std::size_t i = 0; i < bars.size(); ++i) {
        double y = top + static_cast<double>(i) * (bar + gap);
        double bw = pw * bars[i].second / max;
        o += "<text x=\"" + num(left - 8) + "\" y=\"" + num(y + 13) + "\" font-size=\"11\" text-anchor=\"end\">" +
             html_escape(bars[i].first.size() > 44 ? utf8_truncate(bars[i].first, 41) + "..." : bars[i].first) + "</text>\n";
        o += "<rect class=\"bar\" x=\"" + num(left) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(bw, 1.0)) +
             "\" height=\"" + num(bar) + "\" fill=\"#d62728\"/>\n";
        o += "<text x=\"" + num(left + bw + 6) + "\" y=\"" + num(y + 13) + "\" font-size=\"11\">" +
             html_escape(fmt_max(bars[i].second, unit)) + "</text>\n";
    }
    o += "</svg>\n";
    return o;
}

} // namespace ms
