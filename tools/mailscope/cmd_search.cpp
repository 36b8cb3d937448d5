// mailscope search: runs a query (mailscope-query(7)) and lists the matching messages.
#include "cli.hpp"
#include "printer.hpp"
#include "render.hpp"
#include "scope.hpp"

#include "mailscope/index/search.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

class SearchCommand final : public Command {
public:
    const char* name() const override { return "search"; }
    const char* summary() const override { return "Search the case (exit 0 found, 1 none)"; }
    Action action() const override { return Action::read; }
    CaseNeed need() const override { return CaseNeed::read_only; }

    void setup(CLI::App& app) override {
        app.add_option("QUERY", m_terms, "query, see mailscope-query(7); * matches everything")
            ->required()
            ->type_name("QUERY");
        add_format_option(app, m_format);
        app.add_option("-n,--limit", m_opts.limit, "show at most N messages")->type_name("N");
        app.add_option("--offset", m_opts.offset, "skip the first N matches")->type_name("N");
        add_choice_option(app, "--sort", m_sort, {"date", "-date", "relevance"},
                          "date (oldest first, the default), -date or relevance", "ORDER");
        app.add_flag("--count", m_count, "print only the number of matches");
    }

    Result<int> run(Context& ctx) override {
        m_opts.sort = static_cast<SortOrder>(m_sort);
        for (const auto& t : m_terms) m_opts.query += (m_opts.query.empty() ? "" : " ") + t;
        if (m_count) m_opts.limit = 0;
        MS_TRY_ASSIGN(reader, MessageReader::create(ctx.kase->db()));
        MS_TRY_ASSIGN(result, scoped_search(ctx, reader, m_opts));
        Record detail;
        detail["matches"] = result.total;
        if (ctx.access->viewer().restricted) detail["withheld"] = result.withheld;
        MS_TRY(audit(ctx, "search", "", m_opts.query, detail));
        if (m_count) {
            std::cout << result.total << "\n";
            return result.total ? k_exit_ok : k_exit_none;
        }
        auto printer = Printer::make(m_format, std::cout, message_csv_columns(), nullptr);
        Detail detail_level = printer->structured() ? Detail::listing : Detail::line;
        for (std::int64_t id : result.ids) {
            MS_TRY_ASSIGN(s, scoped_summary(ctx, reader, id, detail_level));
            if (printer->structured()) printer->record(message_record(s));
            else printer->text(message_text_line(s));
        }
        printer->finish();
        // grep's rule: 0 when the query matched, even if --offset skipped past every match.
        return result.total ? k_exit_ok : k_exit_none;
    }

private:
    std::vector<std::string> m_terms;
    SearchOptions m_opts;
    OutputFormat m_format = OutputFormat::text;
    bool m_count = false;
    int m_sort = 0;
};

} // namespace

std::unique_ptr<Command> make_search_command() { return std::make_unique<SearchCommand>(); }

} // namespace ms::cli
