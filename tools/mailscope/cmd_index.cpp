// mailscope index: brings the full-text index up to date with the stored messages.
#include "cli.hpp"
#include "scope.hpp"
#include "progress.hpp"

#include "mailscope/analytics/threads.hpp"
#include "mailscope/index/indexer.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

class IndexCommand final : public Command {
public:
    const char* name() const override { return "index"; }
    const char* summary() const override { return "Bring the full-text index up to date"; }
    Action action() const override { return Action::import; }
    CaseNeed need() const override { return CaseNeed::read_write; }

    void setup(CLI::App& app) override {
        app.add_flag("--rebuild", m_opts.rebuild, "re-index every message, not only new ones");
        app.add_option("--batch", m_opts.batch, "documents per index commit (default 1000)")
            ->check(CLI::Range(1, 100000));
    }

    Result<int> run(Context& ctx) override {
        Progress progress(ctx.progress);
        MS_TRY_ASSIGN(th, update_threads(*ctx.kase));
        auto on_index = [&](const IndexProgress& p) {
            progress.update("indexing: " + std::to_string(p.done) + " of " +
                            std::to_string(p.total) + " messages");
        };
        MS_TRY_ASSIGN(stats, update_index(*ctx.kase, m_opts, on_index));
        progress.clear();
        Record detail;
        detail["indexed"] = stats.indexed;
        MS_TRY(audit(ctx, "index", "", "", detail));
        char secs[32];
        std::snprintf(secs, sizeof secs, "%.1f", stats.seconds);
        if (stats.indexed == 0)
            std::cout << "index is up to date\n";
        else
            std::cout << "indexed " << stats.indexed << " messages in " << secs << " s\n";
        if (!th.skipped) std::cout << th.threads << " threads (" << th.changed << " changed)\n";

        return k_exit_ok;
    }

private:
    IndexOptions m_opts;
};

} // namespace

std::unique_ptr<Command> make_index_command() { return std::make_unique<IndexCommand>(); }

} // namespace ms::cli
