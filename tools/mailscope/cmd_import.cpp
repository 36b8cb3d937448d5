// mailscope import: reads mailboxes into the case, then threads and indexes them.
#include "cli.hpp"
#include "scope.hpp"
#include "printer.hpp"
#include "progress.hpp"

#include "mailscope/analytics/threads.hpp"
#include "mailscope/index/indexer.hpp"
#include "mailscope/ingest/importer.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

class ImportCommand final : public Command {
public:
    const char* name() const override { return "import"; }
    const char* summary() const override {
        return "Import PST/OST, mbox, maildir and EML into the case (and index them)";
    }
    Action action() const override { return Action::import; }
    CaseNeed need() const override { return CaseNeed::create; }
    // Evidence is read with the importer's own rights, never the mailscope group's.
    bool user_files() const override { return true; }
    bool creates_shared() const override { return m_shared; }

    void setup(CLI::App& app) override {
        app.add_option("SOURCE", m_sources, "mailbox files or directories to import")
            ->required()
            ->type_name("SOURCE");
        app.add_option("--custodian", m_custodian,
                       "whose mailbox this is (default: the source's file or directory name)")
            ->type_name("NAME");
        app.add_flag("--custodians-from-subdirs", m_per_subdir,
                     "each first-level subdirectory of a directory source is one custodian "
                     "(Enron CMU layout)");
        add_choice_option(app, "--format", m_format_index,
                          {"auto", "mbox", "maildir", "tree", "eml", "pst", "ost"},
                          "force the source format (default auto: detected from content)",
                          "FORMAT");
        auto* no_index = app.add_flag("--no-index", m_no_index,
                                      "store only; run `mailscope index` later");
        auto* shards = app.add_option("--shards", m_shards,
                                      "index in N shards (see `mailscope index --shards`)")
                           ->check(CLI::Range(1, 64));
        app.add_option("--shard-by", m_shard_by,
                       "with --shards: custodian (default) or date")
            ->check(CLI::IsMember({"custodian", "date"}))
            ->needs(shards);
        shards->excludes(no_index);
        app.add_flag("--shared", m_shared,
                     "create the case shared with the mailscope group (multi-user mode; root "
                     "or a member of the group)");
        app.add_option("--pst-charset", m_pst_charset,
                       "charset of ANSI PST strings without a codepage (default windows-1252)")
            ->type_name("CHARSET");
        app.add_option("--pst-timeout", m_pst_timeout,
                       "seconds a PST reader may stay silent on one item before it is killed "
                       "(default 300)")
            ->type_name("SECONDS")
            ->check(CLI::Range(1, 86400));
        app.add_option("--pst-memory", m_pst_memory,
                       "MB the PST reader's memory may grow by (default 2048)")
            ->type_name("MB")
            ->check(CLI::Range(1, 1048576));
        app.add_option("--batch", m_batch, "messages per transaction (default 1000)")
            ->check(CLI::Range(1, 100000));
        add_format_option(app, m_output, "--output-format");
    }

    Result<int> run(Context& ctx) override {
        ImportOptions opts;
        opts.sources = m_sources;
        opts.custodian = m_custodian;
        opts.source.custodians_from_subdirs = m_per_subdir;
        static const Format k_formats[] = {Format::automatic, Format::mbox, Format::maildir,
                                           Format::tree, Format::eml, Format::pst, Format::pst};
        opts.source.format = k_formats[m_format_index];
        if (!m_pst_charset.empty()) opts.source.pst_charset = m_pst_charset;
        opts.source.pst_timeout_seconds = m_pst_timeout;
        opts.source.pst_memory_mb = m_pst_memory;
        opts.operator_name = ctx.actor;
        opts.tool_version = version_string();
        opts.person = ctx.access->viewer().person_id();
        opts.command = ctx.command_line;
        opts.batch = m_batch;

        Progress progress(ctx.progress);
        auto on_progress = [&](const ImportProgress& p) {
            std::string line = "importing " + p.source + ": " + std::to_string(p.messages) +
                               " messages";
            if (p.total_bytes)
                line += ", " + std::to_string(p.done_bytes * 100 / p.total_bytes) + "% of " +
                        human_bytes(p.total_bytes);
            progress.update(line);
        };
        MS_TRY_ASSIGN(report, import_sources(*ctx.kase, opts, on_progress));
        progress.update("threading...", true);
        MS_TRY_ASSIGN(threads, update_threads(*ctx.kase));
        IndexStats istats;
        if (!m_no_index) {
            auto on_index = [&](const IndexProgress& p) {
                progress.update("indexing: " + std::to_string(p.done) + " of " +
                                std::to_string(p.total) + " messages");
            };
            IndexOptions iopts;
            iopts.shards = m_shards;
            iopts.shard_by = parse_shard_by(m_shard_by).value_or(ShardBy::custodian);
            MS_TRY_ASSIGN(s, update_index(*ctx.kase, iopts, on_index));
            istats = s;
        }
        progress.clear();
        Record detail;
        detail["messages"] = report.messages;
        detail["failures"] = report.failures;
        std::string target;
        for (const auto& s : m_sources) target += (target.empty() ? "" : " ") + s;
        MS_TRY(audit(ctx, "import", target, "", detail));
        print(report, threads, istats);
        if (report.failures == 0) return k_exit_ok;
        bool anything = report.messages > 0;
        for (const auto& e : report.evidence)
            if (e.already_imported) anything = true;
        return anything ? k_exit_partial : k_exit_error;
    }

private:
    std::vector<std::string> m_sources;
    std::string m_custodian;
    bool m_per_subdir = false;
    int m_format_index = 0;
    bool m_no_index = false;
    int m_shards = 0;
    std::string m_shard_by;
    bool m_shared = false;
    std::string m_pst_charset;
    int m_pst_timeout = 300;
    std::uint64_t m_pst_memory = 2048;
    std::size_t m_batch = 1000;
    OutputFormat m_output = OutputFormat::text;

    void print(const ImportReport& rep, const ThreadStats& th, const IndexStats& ix) {
        if (m_output == OutputFormat::text) {
            print_text(rep, th, ix);
            return;
        }
        auto printer = Printer::make(
            m_output, std::cout,
            {"record", "evidence", "format", "custodian", "sha256", "size", "status", "messages",
             "new_messages", "duplicates", "failures", "skipped", "locator", "reason", "hint",
             "indexed", "threads", "seconds"},
            nullptr);
        for (const auto& e : rep.evidence) {
            Record r;
            r["record"] = "evidence";
            r["evidence"] = e.evidence.path;
            r["format"] = e.evidence.format;
            r["custodian"] = e.evidence.custodian;
            r["sha256"] = e.evidence.sha256;
            r["size"] = e.evidence.size;
            r["status"] = e.already_imported ? "already-imported" : e.evidence.status;
            r["messages"] = e.messages;
            r["new_messages"] = e.new_messages;
            r["duplicates"] = e.duplicates;
            r["failures"] = e.failures;
            r["skipped"] = e.skipped;
            printer->record(r);
            for (const auto& p : e.problems) {
                Record q;
                q["record"] = p.skipped ? "skipped" : "failure";
                q["evidence"] = e.evidence.path;
                q["locator"] = p.locator;
                q["reason"] = p.reason;
                if (!p.hint.empty()) q["hint"] = p.hint;
                printer->record(q);
            }
            for (const auto& p : e.limited) {
                Record q;
                q["record"] = "limit";
                q["evidence"] = e.evidence.path;
                q["locator"] = p.locator;
                q["reason"] = p.reason;
                printer->record(q);
            }
        }
        Record s;
        s["record"] = "summary";
        s["messages"] = rep.messages;
        s["new_messages"] = rep.new_messages;
        s["duplicates"] = rep.duplicates;
        s["failures"] = rep.failures;
        s["skipped"] = rep.skipped;
        s["indexed"] = ix.indexed;
        s["threads"] = th.threads;
        s["seconds"] = rep.seconds + ix.seconds;
        printer->record(s);
        printer->finish();
    }

    void print_text(const ImportReport& rep, const ThreadStats& th, const IndexStats& ix) {
        std::ostream& out = std::cout;
        for (const auto& e : rep.evidence) {
            out << e.evidence.path << " (" << e.evidence.format << ", "
                << (e.evidence.custodian.empty() ? "custodians from subdirectories"
                                                 : "custodian " + e.evidence.custodian)
                << ")\n";
            if (!e.evidence.sha256.empty() && !e.already_imported)
                out << "  " << (e.evidence.kind == "directory" ? "manifest sha256 " : "sha256 ")
                    << e.evidence.sha256 << ", " << e.evidence.size << " bytes\n";
            if (e.already_imported) {
                out << "  already imported on this case (sha256 " << e.evidence.sha256.substr(0, 16)
                    << "...): " << e.evidence.messages << " messages, nothing read\n";
                continue;
            }
            out << "  " << e.messages << " messages read: " << e.new_messages << " new, "
                << e.duplicates << " already in the case";
            if (e.resumed) out << " (resumed an interrupted import)";
            out << "\n";
            if (e.failures) out << "  " << e.failures << " failed:\n";
            for (const auto& p : e.problems) {
                if (p.skipped) continue;
                out << "    " << (p.locator.empty() ? e.evidence.path : p.locator) << ": "
                    << p.reason << "\n";
                if (!p.hint.empty()) out << "      hint: " << p.hint << "\n";
            }
            if (!e.limited.empty()) out << "  " << e.limited.size() << " limits hit (stored, partly read):\n";
            for (const auto& p : e.limited)
                out << "    " << (p.locator.empty() ? e.evidence.path : p.locator) << ": " << p.reason << "\n";
            if (e.skipped) {
                out << "  " << e.skipped << " skipped (not mail):";
                int n = 0;
                for (const auto& p : e.problems)
                    if (p.skipped && n++ < 5) out << " " << p.locator;
                if (e.skipped > 5) out << " ...";
                out << "\n";
            }
        }
        char secs[32];
        std::snprintf(secs, sizeof secs, "%.1f", rep.seconds + ix.seconds);
        out << "imported " << rep.new_messages << " new messages (" << rep.messages << " read, "
            << rep.duplicates << " duplicates, " << rep.failures << " failed, " << rep.skipped
            << " skipped)";
        if (ix.indexed) out << "; indexed " << ix.indexed;
        out << "; " << th.threads << " threads";
        out << "; " << secs << " s\n";
        if (rep.failures)
            out << "some items failed: they are recorded in the case and listed above\n";
    }
};

} // namespace

std::unique_ptr<Command> make_import_command() { return std::make_unique<ImportCommand>(); }

} // namespace ms::cli
