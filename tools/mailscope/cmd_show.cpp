// mailscope show: one message, decoded (headers, body, attachments), or its original bytes.
#include "cli.hpp"
#include "printer.hpp"
#include "render.hpp"
#include "scope.hpp"

#include "mailscope/mime/message.hpp"
#include "mailscope/source/source.hpp"
#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

std::string join_addresses(const std::vector<Address>& list) {
    std::string s;
    for (const auto& a : list) s += (s.empty() ? "" : ", ") + format_address(a);
    return s;
}

// Resolves "123" (case id) or a Message-ID ("<abc@x>" or "abc@x") to case ids.
Result<std::vector<std::int64_t>> resolve(Db& db, const std::string& ref) {
    std::string t(trim(ref));
    bool digits = !t.empty() && t.size() < 19 && t.find_first_not_of("0123456789") == std::string::npos;
    if (digits) {
        // A case id first; an all-digit Message-ID is looked up when no such id exists.
        MS_TRY_ASSIGN(q, db.prepare("SELECT id FROM messages WHERE id=?"));
        q.bind(1, static_cast<std::int64_t>(std::stoll(t)));
        MS_TRY_ASSIGN(found, q.step());
        if (found) return std::vector<std::int64_t>{q.int64(0)};
    }
    MS_TRY_ASSIGN(st, db.prepare("SELECT DISTINCT m.id FROM messages m LEFT JOIN locations l "
                                 "ON l.message_id = m.id WHERE m.message_id=?1 OR "
                                 "l.header_message_id=?1 ORDER BY m.id"));
    st.bind(1, normalize_message_id(t));
    std::vector<std::int64_t> ids;
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        ids.push_back(st.int64(0));
    }
    if (ids.empty())
        return fail(Errc::not_found, "no message with id or Message-ID " + t,
                    "message ids are the `id` column of `mailscope search`");
    return ids;
}

class ShowCommand final : public Command {
public:
    const char* name() const override { return "show"; }
    const char* summary() const override { return "Show one message, decoded or raw"; }
    Action action() const override { return Action::read; }
    CaseNeed need() const override { return CaseNeed::read_only; }

    void setup(CLI::App& app) override {
        app.add_option("ID", m_ref, "case id of the message, or its Message-ID")
            ->required()
            ->type_name("ID");
        app.add_flag("--raw", m_raw, "print the original bytes of the message");
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        MS_TRY_ASSIGN(ids, resolve(ctx.kase->db(), m_ref));
        MS_TRY_ASSIGN(reader, MessageReader::create(ctx.kase->db()));
        auto printer = Printer::make(
            m_format, std::cout,
            {"id", "date", "from", "to", "cc", "subject", "folder", "custodian", "flags",
             "message_id", "body"},
            [](std::ostream& out, const Record& r) { out << r["text"].get<std::string>(); });
        // Checked and recorded for every message before any is shown: a refusal prints nothing.
        std::vector<Visibility> vis(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            auto s = scoped_summary(ctx, reader, ids[i], Detail::listing, &vis[i]);
            if (!s) {
                Record d;
                d["view"] = "hidden";
                MS_TRY(audit_denied(ctx, ids[i], d));
                return fail(std::move(s).error());
            }
            if (m_raw && vis[i] == Visibility::masked) {
                Record d;
                d["view"] = "raw";
                MS_TRY(audit_denied(ctx, ids[i], d));
                return fail(Errc::permission,
                            "message " + std::to_string(ids[i]) +
                                ": the original bytes cannot be masked, and a " +
                                ctx.access->viewer().role_name() + " sees personal data masked",
                            "`mailscope unlock " + std::to_string(ids[i]) +
                                " --reason TEXT` records why you need it unmasked");
            }
            Record d;
            d["view"] = m_raw ? "raw" : visibility_name(vis[i]);
            if (ctx.access->unlocked(ids[i])) d["unlocked"] = true;
            MS_TRY(audit(ctx, "show", std::to_string(ids[i]), "", d));
        }
        for (std::size_t i = 0; i < ids.size(); ++i) {
            std::int64_t id = ids[i];
            MS_TRY_ASSIGN(s, scoped_summary(ctx, reader, id, Detail::full));
            MS_TRY_ASSIGN(raw, reader.raw(id));
            if (m_raw) {
                std::cout << raw;
                continue;
            }
            auto parsed = parse_message(raw);
            Message m = parsed ? std::move(*parsed) : Message{};
            m.body = scoped_text(ctx, vis[i], std::move(m.body));
            Record r = message_record(s);
            if (m_format == OutputFormat::text) {
                Record t;
                t["text"] = render_text(s, m, ids.size() > 1);
                printer->record(t);
                continue;
            }
            r["in_reply_to"] = s.in_reply_to;
            r["references"] = s.references;
            r["sha256"] = s.sha256;
            Record atts = Record::array();
            for (const auto& a : s.attachments) {
                Record o;
                o["part"] = a.part;
                o["filename"] = a.filename;
                o["content_type"] = a.content_type;
                o["size"] = a.size;
                o["sha256"] = a.sha256;
                atts.push_back(std::move(o));
            }
            r["attachments"] = std::move(atts);
            r["warnings"] = s.warnings;
            r["body"] = m.body;
            printer->record(r);
        }
        return k_exit_ok;
    }

private:
    static Result<void> audit_denied(Context& ctx, std::int64_t id, const Record& d) {
        AuditRecord r;
        r.action = "show";
        r.target = std::to_string(id);
        r.outcome = "denied";
        r.detail = d.dump();
        MS_TRY(ctx.access->record(std::move(r)));
        return ok();
    }

    std::string m_ref;
    bool m_raw = false;
    OutputFormat m_format = OutputFormat::text;

    static std::string render_text(const MessageSummary& s, const Message& m, bool separator) {
        std::string o;
        auto line = [&](const char* k, const std::string& v) {
            if (!v.empty()) o += std::string(k) + v + "\n";
        };
        if (separator) o += "\n========================================\n";
        line("Id:          ", std::to_string(s.id) + "  (thread " + std::to_string(s.thread_id) + ")");
        line("Message-ID:  ", s.message_id.empty() ? "" : "<" + s.message_id + ">");
        if (s.date)
            line("Date:        ", iso8601_with_offset(*s.date, s.tz_offset_min) + "  (" +
                                     iso8601_utc(*s.date) + ")");
        else
            line("Date:        ", "(none)");
        line("From:        ", format_address(s.from));
        line("To:          ", join_addresses(s.to));
        line("Cc:          ", join_addresses(s.cc));
        line("Bcc:         ", join_addresses(s.bcc));
        line("Subject:     ", s.subject);
        std::string flags = flags_to_string(s.flags);
        if ((s.flags & k_flag_known) && !(s.flags & k_flag_seen))
            flags += flags.empty() ? "unread" : ",unread";
        line("Flags:       ", flags);
        for (const auto& l : s.locations)
            line("Found in:    ", l.evidence + " [" + l.locator + "]  folder " +
                                     (l.folder.empty() ? "-" : l.folder) + ", custodian " +
                                     l.custodian);
        line("SHA-256:     ", s.sha256);
        for (const auto& a : s.attachments)
            line("Attachment:  ", (a.filename.empty() ? "(unnamed)" : a.filename) + "  (" +
                                     a.content_type + ", " + std::to_string(a.size) + " bytes)");
        for (const auto& w : s.warnings) line("Warning:     ", w);
        o += "\n" + m.body;
        if (!o.empty() && o.back() != '\n') o += "\n";
        return o;
    }
};

} // namespace

std::unique_ptr<Command> make_show_command() { return std::make_unique<ShowCommand>(); }

} // namespace ms::cli
