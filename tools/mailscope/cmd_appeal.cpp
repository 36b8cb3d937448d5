// mailscope appeal FLAG --reason TEXT: the employee who sent a flagged message contests the
// flag ("I was quoting the customer"); compliance decides with `mailscope review`.
#include "cli.hpp"
#include "printer.hpp"
#include "render.hpp"
#include "scope.hpp"

#include "mailscope/store/flags.hpp"
#include "mailscope/store/reader.hpp"
#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

class AppealCommand final : public Command {
public:
    const char* name() const override { return "appeal"; }
    const char* summary() const override {
        return "Contest a flag on mail you sent, with a reason (compliance decides)";
    }
    Action action() const override { return Action::appeal; }
    CaseNeed need() const override { return CaseNeed::read_write; }

    void setup(CLI::App& app) override {
        app.add_option("FLAG", m_flag, "the flag's id (mailscope flags --mine)")->required()->type_name("ID");
        app.add_option("-r,--reason", m_reason, "why the flag is wrong (recorded)")
            ->required()->type_name("TEXT");
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        MS_TRY_ASSIGN(reason, stated_reason(m_reason, "--reason", "我是在引用客户的原话"));
        const Viewer& viewer = ctx.access->viewer();
        if (!viewer.person)
            return fail(Errc::usage, "an appeal needs a person: the sender of the flagged mail",
                        viewer.restricted ? "act as a person with --as"
                                          : "this case has no directory of people");
        FlagFilter ff;
        ff.flag_id = m_flag;
        MS_TRY_ASSIGN(flags, list_flags(ctx.kase->db(), ff));
        // A flag that does not exist and one on someone else's mail get the same answer: an
        // employee must not learn which flags others have.
        bool mine = false;
        MS_TRY_ASSIGN(reader, MessageReader::create(ctx.kase->db()));
        if (!flags.empty()) {
            MS_TRY_ASSIGN(s, reader.summary(flags.front().message_id, Detail::parties));
            mine = sent_by(s, *viewer.person);
        }
        if (!mine) {
            AuditRecord r;
            r.action = "appeal";
            r.target = "flag:" + std::to_string(m_flag);
            r.reason = reason;
            r.outcome = "denied";
            MS_TRY(ctx.access->record(r));
            return fail(Errc::permission,
                        "flag " + std::to_string(m_flag) + " is not a flag on mail you sent: only a message's sender may appeal its flags",
                        "list your own flags with mailscope flags --mine");
        }
        FlagRow f = flags.front();
        if (f.status != "open" && f.status != "escalated")
            return fail(Errc::usage,
                        "flag " + std::to_string(m_flag) + " is " + f.status +
                            ": only an open or escalated flag can be appealed",
                        f.status == "appealed" ? "compliance has your appeal; see mailscope flags --mine"
                                               : "its review is decided");
        ReviewRow rv;
        rv.flag_id = m_flag;
        rv.at = now_epoch();
        rv.person = viewer.person->email;
        rv.role = viewer.role_name();
        rv.action = "appeal";
        rv.note = reason;
        MS_TRY_ASSIGN(done, add_review(ctx.kase->db(), rv));
        Record detail;
        detail["rule"] = f.rule;
        detail["message"] = f.message_id;
        detail["was"] = f.status;
        MS_TRY(audit(ctx, "appeal", "flag:" + std::to_string(m_flag), "", detail, reason));
        auto printer = Printer::make(m_format, std::cout, {"flag", "status", "rule", "message", "reason"},
                                     [](std::ostream& out, const Record& r) {
                                         out << "flag " << r["flag"].get<std::int64_t>() << " ("
                                             << r["rule"].get<std::string>() << ") is now "
                                             << r["status"].get<std::string>()
                                             << ": compliance will decide\n";
                                     });
        Record r;
        r["flag"] = m_flag;
        r["status"] = done.status;
        r["rule"] = f.rule;
        r["message"] = f.message_id;
        r["reason"] = reason;
        printer->record(r);
        printer->finish();
        return k_exit_ok;
    }

private:
    static bool sent_by(const MessageSummary& s, const Person& p) {
        std::string from = ascii_lower(s.from.addr);
        if (from == p.email) return true;
        for (const auto& a : p.also)
            if (from == a) return true;
        return false;
    }

    std::int64_t m_flag = 0;
    std::string m_reason;
    OutputFormat m_format = OutputFormat::text;
};

} // namespace

std::unique_ptr<Command> make_appeal_command() { return std::make_unique<AppealCommand>(); }

} // namespace ms::cli
