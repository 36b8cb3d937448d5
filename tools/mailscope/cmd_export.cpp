// mailscope export: writes the messages a query finds as an mbox or a folder of .eml files
// (byte for byte as they were found), or their decoded text (plain, or JSON Lines with one
// object per message) for other tools.
#include "cli.hpp"
#include "printer.hpp"
#include "progress.hpp"
#include "scope.hpp"

#include "mailscope/index/search.hpp"
#include "mailscope/policy/config.hpp"
#include "mailscope/store/reader.hpp"
#include "mailscope/util/fs.hpp"
#include "mailscope/util/privilege.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <map>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;

namespace ms::cli {

namespace {

// mboxrd: every line that starts with ">*From " gets one more '>' so readers can undo it.
void write_mboxrd(std::ostream& out, const MessageSummary& s, const std::string& raw) {
    std::string sender = s.from.addr.empty() ? "MAILER-DAEMON" : s.from.addr;
    for (char& c : sender)
        if (c == ' ' || c == '\t') c = '_';
    out << "From " << sender << " " << asctime_utc(s.date.value_or(0)) << "\n";
    std::size_t pos = 0;
    while (pos < raw.size()) {
        std::size_t nl = raw.find('\n', pos);
        std::size_t end = nl == std::string::npos ? raw.size() : nl + 1;
        std::string_view line(raw.data() + pos, end - pos);
        std::size_t k = 0;
        while (k < line.size() && line[k] == '>') ++k;
        if (line.compare(k, 5, "From ") == 0) out << '>';
        out << line;
        pos = end;
    }
    if (!raw.empty() && raw.back() != '\n') out << '\n';
    out << '\n';
}

class ExportCommand final : public Command {
public:
    const char* name() const override { return "export"; }
    const char* summary() const override {
        return "Export the messages a query finds (mbox, .eml files, or their text)";
    }
    Action action() const override { return Action::read; }
    CaseNeed need() const override { return CaseNeed::read_only; }

    void setup(CLI::App& app) override {
        app.add_option("QUERY", m_terms, "query, see mailscope-query(7)")->required()->type_name(
            "QUERY");
        auto* mbox = app.add_option("--mbox", m_mbox, "write one mbox file (mboxrd)")
                         ->type_name("FILE");
        auto* eml = app.add_option("--eml-dir", m_eml_dir, "write ID.eml files into DIR")
                        ->type_name("DIR");
        auto* text = app.add_option("--text", m_text,
                                    "write the decoded text (subject, body, text attachments)")
                         ->type_name("FILE");
        auto* json = app.add_option("--json", m_json,
                                    "write the decoded text as JSON Lines, one message a line")
                         ->type_name("FILE");
        for (CLI::Option* a : {mbox, eml, text, json})
            for (CLI::Option* b : {mbox, eml, text, json})
                if (a != b) a->excludes(b);
        app.add_flag("--force", m_force, "overwrite an existing file or .eml files");
        add_choice_option(app, "--sort", m_sort, {"date", "-date", "relevance"},
                          "date (oldest first, the default), -date or relevance", "ORDER");
    }

    Result<int> run(Context& ctx) override {
        m_ctx = &ctx;
        std::string file = !m_mbox.empty() ? m_mbox : !m_text.empty() ? m_text : m_json;
        if (file.empty() && m_eml_dir.empty())
            return fail(Errc::usage, "export needs --mbox FILE, --eml-dir DIR, --text FILE or "
                                     "--json FILE");
        m_opts.sort = static_cast<SortOrder>(m_sort);
        for (const auto& t : m_terms) m_opts.query += (m_opts.query.empty() ? "" : " ") + t;
        MS_TRY_ASSIGN(reader, MessageReader::create(ctx.kase->db()));
        MS_TRY_ASSIGN(result, scoped_search(ctx, reader, m_opts));
        std::size_t masked = std::count(result.vis.begin(), result.vis.end(), Visibility::masked);
        bool raw = !m_mbox.empty() || !m_eml_dir.empty();
        Record detail;
        detail["format"] = !m_mbox.empty() ? "mbox" : !m_eml_dir.empty() ? "eml" : !m_text.empty() ? "text" : "json";
        detail["messages"] = result.ids.size();
        detail["masked"] = masked;
        if (ctx.access->viewer().restricted) detail["withheld"] = result.withheld;
        if (raw && masked) {
            // Nothing is written: original bytes cannot be masked.
            AuditRecord r;
            r.action = "export";
            r.target = file.empty() ? m_eml_dir : file;
            r.query = m_opts.query;
            r.outcome = "denied";
            r.detail = detail.dump();
            MS_TRY(ctx.access->record(std::move(r)));
            return fail(Errc::permission,
                        std::to_string(masked) + " of the " + std::to_string(result.ids.size()) +
                            " messages must be masked for a " +
                            ctx.access->viewer().role_name() +
                            ", and mbox and .eml exports hold the original bytes",
                        "export the masked text with --text or --json, or unlock single messages "
                        "with `mailscope unlock ID --reason TEXT`");
        }
        MS_TRY(audit(ctx, "export", file.empty() ? m_eml_dir : file, m_opts.query, detail));
        if (result.ids.empty()) {
            // Nothing to write: leave an existing file alone rather than emptying it.
            if (!ctx.quiet) std::cerr << "no message matched; nothing written\n";
            return k_exit_none;
        }
        m_vis.clear();
        for (std::size_t i = 0; i < result.ids.size(); ++i) m_vis[result.ids[i]] = result.vis[i];
        Progress progress(ctx.progress);
        std::size_t n = 0;
        auto tick = [&] {
            progress.update("exporting: " + std::to_string(++n) + " of " +
                            std::to_string(result.ids.size()));
        };
        {
            // The files are the user's: written with their own rights, never the mailscope
            // group's (multi-user mode), and owner-only.
            UserRights user;
            if (!file.empty()) {
                MS_TRY(write_one_file(file, result.ids, reader, tick));
            } else {
                MS_TRY(write_eml_dir(result.ids, reader, tick));
            }
        }
        progress.clear();
        if (!ctx.quiet)
            std::cerr << "exported " << result.ids.size() << " messages to "
                      << (file.empty() ? m_eml_dir : file) << "\n";
        return k_exit_ok;
    }

private:
    std::vector<std::string> m_terms;
    std::string m_mbox, m_eml_dir, m_text, m_json;
    bool m_force = false;
    SearchOptions m_opts;
    int m_sort = 0;
    std::map<std::int64_t, Visibility> m_vis;  // of the messages being exported

    std::string text_of(std::int64_t id, std::string text) const {
        auto it = m_vis.find(id);
        return it != m_vis.end() && it->second == Visibility::masked ? m_ctx->access->mask(text)
                                                                     : text;
    }
    const Context* m_ctx = nullptr;

    template <typename Tick>
    Result<void> write_one_file(const std::string& file, const std::vector<std::int64_t>& ids,
                                MessageReader& reader, Tick&& tick) {
        std::error_code ec;
        if (fs::exists(file, ec) && !m_force)
            return fail(Errc::usage, file + ": file exists", "use --force to overwrite it");
        std::string tmp = file + ".part";
        // Removed first so the file is created anew, owner-only (umask 077), even where an
        // older copy had looser permissions.
        fs::remove(tmp, ec);
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return fail(Errc::io, tmp + ": cannot create: " + std::strerror(errno));
        for (std::int64_t id : ids) {
            if (!m_mbox.empty()) {
                MS_TRY_ASSIGN(raw, reader.raw(id));
                MS_TRY_ASSIGN(s, reader.summary(id, Detail::line));
                write_mboxrd(out, s, raw);
            } else if (!m_text.empty()) {
                MS_TRY_ASSIGN(texts, reader.texts(id));
                for (const auto& f : texts) out << text_of(id, f.text) << '\n';
                out << '\n';
            } else {
                MS_TRY_ASSIGN(texts, reader.texts(id));
                Record r;
                r["format_version"] = k_format_version;
                r["id"] = id;
                Record fields = Record::array();
                for (const auto& f : texts) {
                    Record o;
                    o["name"] = text_of(id, f.name);  // "attachment:FILE NAME"
                    o["text"] = text_of(id, f.text);
                    fields.push_back(std::move(o));
                }
                r["fields"] = std::move(fields);
                out << r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
            }
            tick();
        }
        out.close();
        if (!out) return fail(Errc::io, tmp + ": write failed: " + std::strerror(errno));
        fs::rename(tmp, file, ec);
        if (ec) return fail(Errc::io, file + ": cannot rename: " + ec.message());
        return ok();
    }

    template <typename Tick>
    Result<void> write_eml_dir(const std::vector<std::int64_t>& ids, MessageReader& reader,
                               Tick&& tick) {
        std::error_code ec;
        fs::create_directories(m_eml_dir, ec);
        if (ec) return fail(Errc::io, m_eml_dir + ": cannot create: " + ec.message());
        for (std::int64_t id : ids) {
            MS_TRY_ASSIGN(raw, reader.raw(id));
            // Never through a link planted in the folder; --force replaces, never follows.
            auto w = write_file_in(m_eml_dir, std::to_string(id) + ".eml", raw,
                                   m_force ? OnExisting::replace : OnExisting::fail);
            if (!w && w.error().code == Errc::conflict)
                return fail(Errc::usage, w.error().message,
                            "use --force to overwrite, or export into an empty directory");
            if (!w) return fail(w.error());
            tick();
        }
        return ok();
    }
};

} // namespace

std::unique_ptr<Command> make_export_command() { return std::make_unique<ExportCommand>(); }

} // namespace ms::cli
