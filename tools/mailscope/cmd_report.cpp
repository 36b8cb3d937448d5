// mailscope report trends: flags per category and rule per month, the change against the
// previous month and the rules that jumped; as text, CSV, JSON or an HTML page with charts
// of flags over time, reply times and unanswered runs.
#include "analytics_view.hpp"
#include "cli.hpp"
#include "printer.hpp"
#include "scope.hpp"

#include "mailscope/analytics/replies.hpp"
#include "mailscope/analytics/trends.hpp"
#include "mailscope/report/svg.hpp"
#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <set>

namespace ms::cli {

namespace {

bool valid_month(const std::string& s) {
    return s.size() == 7 && s[4] == '-' && std::isdigit(static_cast<unsigned char>(s[0])) &&
           std::isdigit(static_cast<unsigned char>(s[5])) && std::isdigit(static_cast<unsigned char>(s[6])) &&
           s.substr(5) >= "01" && s.substr(5) <= "12";
}

class ReportCommand final : public Command {
public:
    const char* name() const override { return "report"; }
    const char* summary() const override {
        return "Monthly trends of flags, with an HTML report of charts";
    }
    Action action() const override { return Action::read; }
    CaseNeed need() const override { return CaseNeed::read_only; }

    void setup(CLI::App& app) override {
        app.require_subcommand(1);
        m_trends = app.add_subcommand("trends", "Flags per category and rule per month");
        m_trends->add_option("--since", m_opts.since, "from this month (YYYY-MM)")->type_name("MONTH");
        m_trends->add_option("--until", m_opts.until, "up to this month (YYYY-MM)")->type_name("MONTH");
        m_trends->add_option("--jump-min", m_opts.jump_min,
                             "flags a month needs to count as a jump (default 3)")->type_name("N");
        m_trends->add_option("--jump-factor", m_opts.jump_factor,
                             "times the previous month's count that is a jump (default 2)")
            ->type_name("X");
        m_trends->add_flag("--jumps", m_only_jumps, "list only the months that jumped");
        add_work_domain_option(*m_trends, m_view_opts);
        add_choice_option(*m_trends, "--format", m_format, {"text", "json", "csv", "html"},
                          "output format (default text)", "FORMAT");
        m_trends->fallthrough();
    }

    Result<int> run(Context& ctx) override {
        for (const std::string* m : {&m_opts.since, &m_opts.until})
            if (!m->empty() && !valid_month(*m))
                return fail(Errc::usage, "'" + *m + "' is not a month", "write it as YYYY-MM, e.g. 2025-03");
        // The HTML report charts reply times too, which needs the company's domains; the
        // flag trends alone need only the viewer's scope.
        bool html = m_format == 3;
        AnalyticsView view;
        if (html || ctx.access->directory() || !m_view_opts.work_domains.empty()) {
            auto v = load_view(ctx, m_view_opts);
            if (!v && html) return fail(v.error());
            if (v) view = std::move(*v);
        }
        std::set<std::int64_t> visible;
        bool restricted = ctx.access->viewer().restricted;
        if (restricted)
            for (const auto& m : view.model.messages) visible.insert(m.id);
        auto offset = [&](std::int64_t t) { return view.parties ? view.utc_offset(ctx, t) : 0; };
        MS_TRY_ASSIGN(rep, flag_trends(ctx.kase->db(),
                                       [&](std::int64_t id) { return !restricted || visible.count(id); },
                                       offset, m_opts));
        Record detail;
        if (!m_opts.since.empty()) detail["since"] = m_opts.since;
        if (!m_opts.until.empty()) detail["until"] = m_opts.until;
        detail["format"] = std::vector<std::string>{"text", "json", "csv", "html"}[static_cast<std::size_t>(m_format)];
        MS_TRY(audit(ctx, "report-trends", "", "", detail));
        if (html) return print_html(ctx, view, rep);
        if (m_format == 0) return print_text(rep);
        auto printer = Printer::make(static_cast<OutputFormat>(m_format), std::cout,
                                     {"kind", "name", "tier", "month", "count", "previous",
                                      "change", "jump"}, nullptr);
        for (const auto& r : m_only_jumps ? rep.jumps : rep.rows) {
            Record o;
            o["kind"] = r.kind;
            o["name"] = r.name;
            o["tier"] = r.tier;
            o["month"] = r.month;
            o["count"] = r.count;
            o["previous"] = r.previous;
            o["change"] = r.change;
            o["jump"] = r.jump;
            printer->record(o);
        }
        printer->finish();
        return rep.series.empty() ? k_exit_none : k_exit_ok;
    }

private:
    CLI::App* m_trends = nullptr;
    TrendOptions m_opts;
    AnalyticsOptions m_view_opts;
    bool m_only_jumps = false;
    int m_format = 0;

    Result<int> print_text(const TrendReport& rep) {
        std::ostream& o = std::cout;
        if (rep.series.empty()) {
            o << "no flags in the period\n";
            return k_exit_none;
        }
        if (!m_only_jumps) {
            o << "flags per month\n";
            char cell[32];
            std::string kind;
            for (const auto& s : rep.series) {
                if (s.kind != kind) {
                    kind = s.kind;
                    o << "\n" << (kind == "category" ? "category" : "rule") << std::string(kind == "category" ? 24 : 28, ' ');
                    for (const auto& m : rep.months) o << " " << m;
                    o << "   total\n";
                }
                std::string name = fit_display(s.name, 31);
                o << name << std::string(32 - std::min<std::size_t>(32, display_width(name)), ' ');
                for (const auto& m : rep.months) {
                    auto it = s.months.find(m);
                    std::snprintf(cell, sizeof cell, " %7llu", static_cast<unsigned long long>(it == s.months.end() ? 0 : it->second));
                    o << cell;
                }
                std::snprintf(cell, sizeof cell, " %7llu", static_cast<unsigned long long>(s.total));
                o << cell << "\n";
            }
            o << "\n";
        }
        o << "jumps (at least " << m_opts.jump_min << " flags and " << m_opts.jump_factor
          << "x the month before): " << rep.jumps.size() << "\n";
        for (const auto& j : rep.jumps)
            o << "  " << j.month << "  " << j.kind << " " << j.name << " (" << j.tier << "): "
              << j.previous << " -> " << j.count << "\n";
        return k_exit_ok;
    }

    Result<int> print_html(Context& ctx, const AnalyticsView& view, const TrendReport& rep) {
        std::ostream& o = std::cout;
        std::string org = ctx.access->directory() ? ctx.access->directory()->org_name : "";
        o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>mailscope "
             "trends report</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1100px}"
             "table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:3px 8px;"
             "text-align:left}td.n{text-align:right}.chart{display:block;margin:1em 0}</style>"
             "\n</head><body>\n<h1>Trends report</h1>\n<p>"
          << html_escape(org) << (org.empty() ? "" : " · ") << "case " << html_escape(ctx.case_dir)
          << " · as " << html_escape(ctx.access->viewer().role_name()) << " · generated "
          << html_escape(iso8601_utc(now_epoch())) << "</p>\n";
        // Flags over time: one line per category.
        std::vector<ChartSeries> cats;
        for (const auto& s : rep.series) {
            if (s.kind != "category") continue;
            ChartSeries c{s.name, {}};
            for (const auto& m : rep.months) {
                auto it = s.months.find(m);
                c.values.push_back(it == s.months.end() ? 0.0 : static_cast<double>(it->second));
            }
            cats.push_back(std::move(c));
        }
        o << "<h2>Flags over time</h2>\n" << svg_line_chart("flags-chart", "Flags per category per month", rep.months, cats, "");
        // Reply times: our median first reply per month over all customers.
        std::vector<std::string> months;
        CustomerOptions co;
        co.utc_offset = [&](std::int64_t t) { return view.utc_offset(ctx, t); };
        CustomerReport cr = customer_stats(view.model, co);
        // Reply times by the month of the run they answer.
        {
            std::map<std::string, std::vector<std::int64_t>> by_month_ours, by_month_theirs;
            for (const auto& c : cr.customers) {
                for (std::size_t k = 0; k < c.our_reply.size(); ++k)
                    by_month_ours[month_of(c.our_reply_from[k], co.utc_offset(c.our_reply_from[k]))]
                        .push_back(c.our_reply[k]);
                for (std::size_t k = 0; k < c.their_reply.size(); ++k)
                    by_month_theirs[month_of(c.their_reply_from[k], co.utc_offset(c.their_reply_from[k]))]
                        .push_back(c.their_reply[k]);
            }
            std::string first, last;
            for (const auto* mm : {&by_month_ours, &by_month_theirs})
                for (const auto& [k, v] : *mm) {
                    if (first.empty() || k < first) first = k;
                    if (last.empty() || k > last) last = k;
                }
            months = month_range(first, last);
            ChartSeries us{"our first reply (median)", {}}, them{"their reply (median)", {}};
            for (const auto& m : months) {
                us.values.push_back(summarize(by_month_ours[m]).median / 3600.0);
                them.values.push_back(summarize(by_month_theirs[m]).median / 3600.0);
            }
            o << "<h2>Reply times</h2>\n"
              << svg_line_chart("reply-chart", "Median reply time per month (hours)", months, {us, them}, " h");
        }
        std::vector<std::pair<std::string, double>> bars;
        for (const auto& s : cr.customers)
            if (s.current_run > 0 || s.longest_run >= 2)
                bars.emplace_back(view.party(ctx, s.customer), static_cast<double>(s.current_run));
        std::stable_sort(bars.begin(), bars.end(), [](auto& a, auto& b) { return a.second > b.second; });
        o << "<h2>Unanswered runs</h2>\n"
          << svg_bar_chart("runs-chart", "Customer mails since our last answer (as of " +
                                             iso8601_utc(cr.as_of).substr(0, 10) + ")", bars, "");
        o << "<h2>Jumps</h2>\n<table id=\"jumps\"><tr><th>month</th><th>kind</th><th>name</th>"
             "<th>tier</th><th>before</th><th>now</th></tr>\n";
        for (const auto& j : rep.jumps)
            o << "<tr><td>" << j.month << "</td><td>" << j.kind << "</td><td>" << html_escape(j.name)
              << "</td><td>" << html_escape(j.tier) << "</td><td class=\"n\">" << j.previous
              << "</td><td class=\"n\">" << j.count << "</td></tr>\n";
        o << "</table>\n<h2>Flags per month</h2>\n<table id=\"trends\"><tr><th>kind</th><th>name</th>";
        for (const auto& m : rep.months) o << "<th>" << m << "</th>";
        o << "<th>total</th></tr>\n";
        for (const auto& s : rep.series) {
            o << "<tr><td>" << s.kind << "</td><td>" << html_escape(s.name) << "</td>";
            for (const auto& m : rep.months) {
                auto it = s.months.find(m);
                o << "<td class=\"n\">" << (it == s.months.end() ? 0 : it->second) << "</td>";
            }
            o << "<td class=\"n\">" << s.total << "</td></tr>\n";
        }
        o << "</table>\n</body></html>\n";
        return rep.series.empty() ? k_exit_none : k_exit_ok;
    }
};

} // namespace

std::unique_ptr<Command> make_report_command() { return std::make_unique<ReportCommand>(); }

} // namespace ms::cli
