// mailscope verify: re-hashes the evidence and every stored message and reports any difference
// from what import recorded; `--custody` lists the chain of custody instead.
#include "cli.hpp"
#include "printer.hpp"
#include "progress.hpp"
#include "scope.hpp"

#include "mailscope/ingest/verify.hpp"
#include "mailscope/store/custody.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

namespace ms::cli {

namespace {

// Exit code when the check found differences (mailscope-verify(1), EXIT STATUS), as for
// `audit verify`: the command worked and its answer is "no".
constexpr int k_exit_differences = 1;

Record finding_record(const VerifyFinding& f) {
    Record r;
    r["record"] = f.difference ? "difference" : "note";
    r["kind"] = f.kind;
    r["id"] = f.id;
    r["item"] = f.item;
    r["problem"] = f.problem;
    r["expected"] = f.expected;
    r["found"] = f.found;
    return r;
}

Record custody_record(const CustodyEntry& e) {
    Record r;
    r["record"] = "custody";
    r["seq"] = e.id;
    r["at"] = iso8601_utc(e.at);
    r["evidence_id"] = e.evidence_id;
    r["action"] = e.action;
    r["login"] = e.login;
    r["person"] = e.person;
    r["host"] = e.host;
    r["tool_version"] = e.tool_version;
    r["command"] = e.command;
    r["path"] = e.path;
    r["format"] = e.format;
    r["kind"] = e.kind;
    r["size"] = e.size;
    r["sha256"] = e.sha256;
    r["outcome"] = e.outcome;
    return r;
}

void custody_text(std::ostream& out, const Record& r) {
    out << r["seq"].get<std::int64_t>() << "  " << r["at"].get<std::string>().substr(0, 19) << "  "
        << r["action"].get<std::string>() << "  " << r["path"].get<std::string>() << "\n"
        << "    by " << r["login"].get<std::string>();
    const auto& person = r["person"].get_ref<const std::string&>();
    if (!person.empty()) out << " as " << person;
    out << " on " << r["host"].get<std::string>() << " with " << r["tool_version"].get<std::string>()
        << "\n    " << r["format"].get<std::string>() << " " << r["kind"].get<std::string>() << ", "
        << r["size"].get<std::uint64_t>() << " bytes, "
        << (r["kind"] == "directory" ? "manifest sha256 " : "sha256 ")
        << (r["sha256"].get_ref<const std::string&>().empty() ? std::string("(none)")
                                                               : r["sha256"].get<std::string>())
        << ", " << r["outcome"].get<std::string>() << "\n";
    if (!r["command"].get_ref<const std::string&>().empty())
        out << "    command: " << r["command"].get<std::string>() << "\n";
}

class VerifyCommand final : public Command {
public:
    const char* name() const override { return "verify"; }
    const char* summary() const override {
        return "Re-hash the evidence and stored messages; list the chain of custody";
    }
    Action action() const override { return Action::verify; }
    CaseNeed need() const override { return CaseNeed::read_only; }

    void setup(CLI::App& app) override {
        auto* e = app.add_flag("--evidence-only", m_evidence_only,
                               "only re-hash the evidence sources (not the stored messages)");
        auto* m = app.add_flag("--messages-only", m_messages_only,
                               "only check the stored messages (not the evidence sources)");
        auto* c = app.add_flag("--custody", m_custody,
                               "list the chain of custody (every import of every source) "
                               "instead of verifying");
        e->excludes(m);
        c->excludes(e);
        c->excludes(m);
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        if (m_custody) return custody(ctx);
        VerifyOptions opts;
        opts.evidence = !m_messages_only;
        opts.messages = !m_evidence_only;
        Progress progress(ctx.progress);
        auto on_progress = [&](const VerifyProgress& p) {
            if (p.stage == "blobs")
                progress.update("re-hashing stored messages: " + std::to_string(p.done) + " of " +
                                std::to_string(p.total));
            else
                progress.update("re-hashing evidence " + std::to_string(p.done + 1) + " of " +
                                std::to_string(p.total) + ": " + p.item);
        };
        auto t0 = std::chrono::steady_clock::now();
        MS_TRY_ASSIGN(rep, verify_case(*ctx.kase, opts, on_progress));
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        progress.clear();
        print(rep, seconds);
        std::uint64_t diffs = rep.differences();
        // Recorded after the check: who verified, and what they were told.
        Record detail;
        detail["scope"] = m_evidence_only ? "evidence" : m_messages_only ? "messages" : "all";
        detail["evidence"] = rep.evidence;
        detail["blobs"] = rep.blobs;
        detail["differences"] = diffs;
        detail["missing"] = rep.evidence_missing;
        MS_TRY(audit(ctx, "verify", "", "", detail));
        return diffs ? k_exit_differences : k_exit_ok;
    }

private:
    bool m_evidence_only = false;
    bool m_messages_only = false;
    bool m_custody = false;
    OutputFormat m_format = OutputFormat::text;

    Result<int> custody(Context& ctx) {
        MS_TRY_ASSIGN(entries, list_custody(ctx.kase->db()));
        auto printer = Printer::make(
            m_format, std::cout,
            {"record", "seq", "at", "evidence_id", "action", "login", "person", "host",
             "tool_version", "command", "path", "format", "kind", "size", "sha256", "outcome"},
            custody_text);
        for (const auto& e : entries) printer->record(custody_record(e));
        printer->finish();
        Record detail;
        detail["entries"] = entries.size();
        MS_TRY(audit(ctx, "custody", "", "", detail));
        return k_exit_ok;
    }

    void print(const VerifyReport& rep, double seconds) {
        std::uint64_t diffs = rep.differences();
        if (m_format != OutputFormat::text) {
            auto printer = Printer::make(
                m_format, std::cout,
                {"record", "kind", "id", "item", "problem", "expected", "found", "evidence",
                 "evidence_ok", "evidence_missing", "evidence_bytes", "blobs", "blob_bytes",
                 "messages", "locations", "index_docs", "differences", "seconds"},
                nullptr);
            for (const auto& f : rep.findings) printer->record(finding_record(f));
            Record s;
            s["record"] = "summary";
            s["evidence"] = rep.evidence;
            s["evidence_ok"] = rep.evidence_ok;
            s["evidence_missing"] = rep.evidence_missing;
            s["evidence_bytes"] = rep.evidence_bytes;
            s["blobs"] = rep.blobs;
            s["blob_bytes"] = rep.blob_bytes;
            s["messages"] = rep.messages;
            s["locations"] = rep.locations;
            s["index_docs"] = rep.index_checked ? Record(rep.index_docs) : Record();
            s["differences"] = diffs;
            s["seconds"] = seconds;
            printer->record(s);
            printer->finish();
            return;
        }
        std::ostream& out = std::cout;
        for (const auto& f : rep.findings) {
            out << (f.difference ? "DIFFERENT " : "note: ") << f.kind;
            if (f.id) out << " " << f.id;
            if (f.kind != "blob" && f.kind != "message") out << " " << f.item;
            out << ": " << f.problem;
            // Hashes are labelled; counts, reasons and references are not.
            bool plain = f.problem == "size-changed" || f.problem == "size-mismatch" ||
                         f.problem == "count-mismatch" || f.problem == "dangling";
            const char* what = plain ? "" : "sha256 ";
            if (!f.expected.empty()) out << "\n    expected " << what << f.expected;
            bool reason = f.problem == "corrupt" || f.problem == "unreadable";
            if (!f.found.empty())
                out << "\n    found    " << (reason ? "" : what) << f.found;
            out << "\n";
        }
        if (m_evidence_only || !m_messages_only)
            out << "evidence: " << rep.evidence << " recorded, " << rep.evidence_ok << " match, "
                << rep.evidence_missing << " missing (" << human_bytes(rep.evidence_bytes)
                << " re-read)\n";
        if (!m_evidence_only) {
            out << "messages: " << rep.blobs << " stored copies re-hashed ("
                << human_bytes(rep.blob_bytes) << "), " << rep.messages << " messages, "
                << rep.locations << " locations\n";
            if (rep.index_checked) out << "index: " << rep.index_docs << " documents\n";
        }
        char secs[32];
        std::snprintf(secs, sizeof secs, "%.1f", seconds);
        if (diffs)
            out << "verify: " << diffs << (diffs == 1 ? " difference" : " differences")
                << " found (" << secs << " s)\n";
        else
            out << "verify: no differences (" << secs << " s)\n";
    }
};

} // namespace

std::unique_ptr<Command> make_verify_command() { return std::make_unique<VerifyCommand>(); }

} // namespace ms::cli
