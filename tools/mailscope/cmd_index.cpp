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
        app.add_option("--shards", m_opts.shards,
                       "lay the index out in N Xapian shards (1: one index) and index everything "
                       "again if that changes the layout")
            ->check(CLI::Range(1, 64));
        app.add_option("--shard-by", m_shard_by,
                       "what splits the shards: custodian (default) or date ranges")
            ->check(CLI::IsMember({"custodian", "date"}));
    }

    Result<int> run(Context& ctx) override {
        if (!m_shard_by.empty() && m_opts.shards == 0)
            return fail(Errc::usage, "--shard-by needs --shards N",
                        "e.g. `mailscope index --shards 4 --shard-by date`");
        m_opts.shard_by = parse_shard_by(m_shard_by).value_or(ShardBy::custodian);
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
        if (m_opts.shards) detail["shards"] = m_opts.shards;
        MS_TRY(audit(ctx, "index", "", "", detail));
        char secs[32];
        std::snprintf(secs, sizeof secs, "%.1f", stats.seconds);
        if (stats.resharded)
            std::cout << "index laid out in " << m_opts.shards
                      << (m_opts.shards == 1 ? " database\n"
                                             : std::string(" shards by ") +
                                                   shard_by_name(m_opts.shard_by) + "\n");
        if (stats.indexed == 0)
            std::cout << "index is up to date\n";
        else
            std::cout << "indexed " << stats.indexed << " messages in " << secs << " s\n";
        if (!th.skipped) std::cout << th.threads << " threads (" << th.changed << " changed)\n";

        return k_exit_ok;
    }

private:
    IndexOptions m_opts;
    std::string m_shard_by;
};

} // namespace

std::unique_ptr<Command> make_index_command() { return std::make_unique<IndexCommand>(); }

} // namespace ms::cli
