// mailscope unlock: one message unmasked for a manager (or, for compliance, one personal
// message) after a stated reason. The grant is an audit record; it expires.
#include "cli.hpp"
#include "printer.hpp"
#include "scope.hpp"

#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

class UnlockCommand final : public Command {
public:
    const char* name() const override { return "unlock"; }
    const char* summary() const override {
        return "See one message unmasked, for a stated reason (recorded, expires)";
    }
    Action action() const override { return Action::unlock; }
    CaseNeed need() const override { return CaseNeed::read_only; }

    void setup(CLI::App& app) override {
        app.add_option("ID", m_id, "case id of the message")->required()->type_name("ID");
        app.add_option("-r,--reason", m_reason, "why you need the message unmasked (recorded)")
            ->required()
            ->type_name("TEXT");
        app.add_option("--hours", m_hours, "how long the grant lasts (default 24, at most 168)")
            ->check(CLI::Range(1, 168))
            ->type_name("N");
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        MS_TRY_ASSIGN(reason, stated_reason(m_reason, "--reason", "客户投诉核实 ticket 10231"));
        const Viewer& viewer = ctx.access->viewer();
        if (!viewer.person)
            return fail(Errc::usage, "unlock needs a person: grants are given to people",
                        viewer.restricted ? "act as a person with --as"
                                          : "this case has no directory; nothing is masked in it");
        MS_TRY_ASSIGN(reader, MessageReader::create(ctx.kase->db()));
        MS_TRY_ASSIGN(s, reader.summary(m_id, Detail::listing));
        // Managers unlock within their department; compliance also reaches personal mail.
        Visibility v = ctx.access->visibility(s);
        bool may = viewer.role == Role::compliance || v != Visibility::hidden;
        std::int64_t until = now_epoch() + static_cast<std::int64_t>(m_hours) * 3600;
        Record detail;
        detail["hours"] = m_hours;
        detail["was"] = visibility_name(v);
        if (!may) {
            AuditRecord r;
            r.action = "unlock";
            r.target = std::to_string(m_id);
            r.reason = reason;
            r.outcome = "denied";
            r.detail = detail.dump();
            MS_TRY(ctx.access->record(std::move(r)));
            return fail(Errc::permission,
                        "message " + std::to_string(m_id) + " is outside what a " +
                            viewer.role_name() + " may see; unlocking does not widen that",
                        "managers unlock mail of their own department");
        }
        MS_TRY(audit(ctx, "unlock", std::to_string(m_id), "", detail, reason, until));
        auto printer = Printer::make(m_format, std::cout, {"message", "person", "until", "reason"},
                                     [](std::ostream& out, const Record& r) {
                                         out << "message " << r["message"].get<std::int64_t>()
                                             << " unlocked for " << r["person"].get<std::string>()
                                             << " until " << r["until"].get<std::string>()
                                             << " (recorded in the audit trail)\n";
                                     });
        Record r;
        r["message"] = m_id;
        r["person"] = viewer.person->email;
        r["until"] = iso8601_utc(until);
        r["reason"] = reason;
        printer->record(r);
        printer->finish();
        return k_exit_ok;
    }

private:
    std::int64_t m_id = 0;
    std::string m_reason;
    int m_hours = 24;
    OutputFormat m_format = OutputFormat::text;
};

} // namespace

std::unique_ptr<Command> make_unlock_command() { return std::make_unique<UnlockCommand>(); }

} // namespace ms::cli
