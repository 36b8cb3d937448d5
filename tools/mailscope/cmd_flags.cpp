// mailscope flags: the findings of scans, filtered (status, tier, rule, category, message).
// `flags --status open` is the queue compliance works through.
#include "cli.hpp"
#include "printer.hpp"
#include "render.hpp"

#include "mailscope/store/flags.hpp"
#include "mailscope/store/reader.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

class FlagsCommand final : public Command {
public:
    const char* name() const override { return "flags"; }
    const char* summary() const override { return "List the flags scans found (exit 1: none)"; }
    CaseNeed need() const override { return CaseNeed::read_only; }

    void setup(CLI::App& app) override {
        app.add_option("--status", m_filter.status, "only flags with this status")
            ->check(CLI::IsMember({"open", "allowed"}))
            ->type_name("STATUS");
        app.add_option("--tier", m_filter.min_tier, "only flags at or above this tier")
            ->check(CLI::IsMember({"allowed", "approval", "forbidden"}))
            ->type_name("TIER");
        app.add_option("--rule", m_filter.rule, "only flags of this rule")->type_name("RULE");
        app.add_option("--category", m_filter.category, "only flags of this category")
            ->type_name("CATEGORY");
        app.add_option("--message", m_filter.message_id, "only flags on this message")
            ->type_name("ID");
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        MS_TRY_ASSIGN(reader, MessageReader::create(ctx.kase->db()));
        auto printer = Printer::make(m_format, std::cout, flag_csv_columns(), flag_text_line);
        std::int64_t last = 0;
        std::uint64_t count = 0;
        std::optional<MessageSummary> s;
        MS_TRY(for_each_flag(ctx.kase->db(), m_filter, [&](const FlagRow& f) -> Result<void> {
            if (f.message_id != last) {
                auto r = reader.summary(f.message_id, Detail::line);
                s = r ? std::optional<MessageSummary>(std::move(*r)) : std::nullopt;
                last = f.message_id;
            }
            printer->record(flag_record(f, s ? &*s : nullptr));
            ++count;
            return ok();
        }));
        printer->finish();
        return count ? k_exit_ok : k_exit_none;
    }

private:
    FlagFilter m_filter;
    OutputFormat m_format = OutputFormat::text;
};

} // namespace

std::unique_ptr<Command> make_flags_command() { return std::make_unique<FlagsCommand>(); }

} // namespace ms::cli
