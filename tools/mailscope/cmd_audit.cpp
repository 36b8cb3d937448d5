// mailscope audit log|verify: who looked at what (auditors), and whether the trail is intact.
#include "cli.hpp"
#include "printer.hpp"
#include "scope.hpp"

#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <regex>

namespace ms::cli {

namespace {

bool valid_time(const std::string& s) {
    static const std::regex k_time(R"(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)");
    return std::regex_match(s, k_time);
}

Record audit_record(const AuditRecord& a) {
    Record r;
    r["seq"] = a.seq;
    r["at"] = a.at;
    r["actor"] = a.actor;
    r["person"] = a.person;
    r["role"] = a.role;
    r["action"] = a.action;
    r["target"] = a.target;
    r["query"] = a.query;
    r["reason"] = a.reason;
    r["outcome"] = a.outcome;
    r["until"] = a.until ? Record(iso8601_utc(a.until)) : Record();
    auto d = Record::parse(a.detail, nullptr, false);
    r["detail"] = d.is_discarded() ? Record(a.detail) : d;
    r["hash"] = a.hash;
    return r;
}

void audit_text_line(std::ostream& out, const Record& r) {
    out << r["seq"].get<std::int64_t>() << "  " << r["at"].get<std::string>().substr(0, 19) << "  "
        << r["actor"].get<std::string>();
    const auto& person = r["person"].get_ref<const std::string&>();
    if (!person.empty()) out << " as " << person;
    out << " (" << r["role"].get<std::string>() << ")  " << r["action"].get<std::string>();
    if (!r["target"].get_ref<const std::string&>().empty())
        out << " " << r["target"].get<std::string>();
    if (!r["query"].get_ref<const std::string&>().empty())
        out << "  query: " << r["query"].get<std::string>();
    if (!r["reason"].get_ref<const std::string&>().empty())
        out << "  reason: " << r["reason"].get<std::string>();
    if (r["outcome"] != "ok") out << "  [" << r["outcome"].get<std::string>() << "]";
    out << "\n";
}

class AuditCommand final : public Command {
public:
    const char* name() const override { return "audit"; }
    const char* summary() const override {
        return "Read the audit trail (auditors) or verify that it is intact";
    }
    Action action() const override {
        return m_verify && m_verify->parsed() ? Action::audit_verify : Action::audit_read;
    }
    CaseNeed need() const override { return CaseNeed::read_only; }

    void setup(CLI::App& app) override {
        app.require_subcommand(1);
        m_log = app.add_subcommand("log", "List the audit records (auditors only)");
        m_log->add_option("--actor", m_filter.actor, "only records of this login or person")
            ->type_name("WHO");
        m_log->add_option("--action", m_filter.action,
                          "only this action (search, show, export, unlock, flags, ...)")
            ->type_name("ACTION");
        m_log->add_option("--since", m_filter.since, "from this date or time (UTC)")
            ->type_name("DATE");
        m_log->add_option("--until", m_filter.until, "up to and including this date or time")
            ->type_name("DATE");
        add_format_option(*m_log, m_format);
        m_verify = app.add_subcommand("verify", "Check the hash chain (exit 0 intact, 1 broken)");
        add_format_option(*m_verify, m_format);
        m_log->fallthrough();
        m_verify->fallthrough();
    }

    Result<int> run(Context& ctx) override {
        if (m_verify->parsed()) return verify(ctx);
        for (const std::string* t : {&m_filter.since, &m_filter.until})
            if (!t->empty() && !valid_time(*t))
                return fail(Errc::usage, "'" + *t + "' is not a date (YYYY-MM-DD[THH:MM[:SS]])");
        AuditFilter f = m_filter;
        if (!f.until.empty()) f.until += "~";  // every timestamp the prefix covers
        Record detail;
        if (!m_filter.actor.empty()) detail["actor"] = m_filter.actor;
        if (!m_filter.action.empty()) detail["action"] = m_filter.action;
        if (!m_filter.since.empty()) detail["since"] = m_filter.since;
        if (!m_filter.until.empty()) detail["until"] = m_filter.until;
        MS_TRY(audit(ctx, "audit-log", "", "", detail));
        auto printer = Printer::make(m_format, std::cout,
                                     {"seq", "at", "actor", "person", "role", "action", "target",
                                      "query", "reason", "outcome", "until", "detail", "hash"},
                                     audit_text_line);
        std::uint64_t n = 0;
        MS_TRY(ctx.access->audit().for_each(f, [&](const AuditRecord& a) -> Result<void> {
            printer->record(audit_record(a));
            ++n;
            return ok();
        }));
        printer->finish();
        return n ? k_exit_ok : k_exit_none;
    }

private:
    CLI::App* m_log = nullptr;
    CLI::App* m_verify = nullptr;
    AuditFilter m_filter;
    OutputFormat m_format = OutputFormat::text;

    Result<int> verify(Context& ctx) {
        MS_TRY_ASSIGN(v, ctx.access->audit().verify());
        auto printer = Printer::make(
            m_format, std::cout, {"intact", "records", "first_bad", "problem", "head"},
            [](std::ostream& out, const Record& r) {
                if (r["intact"].get<bool>())
                    out << "audit trail intact: " << r["records"].get<std::int64_t>()
                        << " records, last " << r["head"].get<std::string>() << "\n";
                else
                    out << "audit trail BROKEN at record " << r["first_bad"].get<std::int64_t>()
                        << ": " << r["problem"].get<std::string>() << "\n";
            });
        Record r;
        r["intact"] = v.intact;
        r["records"] = v.records;
        r["first_bad"] = v.first_bad;
        r["problem"] = v.problem;
        r["head"] = v.head;
        printer->record(r);
        printer->finish();
        if (v.unanchored_tail && !ctx.quiet)
            std::cerr << "mailscope: note: the last record is valid but was not anchored "
                         "(an append was interrupted)\n";
        // Recorded after the check, so a verification never verifies its own record.
        AuditRecord rec;
        rec.action = "audit-verify";
        rec.outcome = v.intact ? "ok" : "failed";
        Record d;
        d["records"] = v.records;
        if (!v.intact) d["first_bad"] = v.first_bad;
        rec.detail = d.dump();
        MS_TRY(ctx.access->record(std::move(rec)));
        return v.intact ? k_exit_ok : 1;
    }
};

} // namespace

std::unique_ptr<Command> make_audit_command() { return std::make_unique<AuditCommand>(); }

} // namespace ms::cli
