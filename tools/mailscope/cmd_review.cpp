// mailscope review: compliance's queue of flags (appealed first, then escalated, then open;
// flags the context model marks likely false positives last)
// and its decisions: review FLAG --confirm | --dismiss | --escalate --note TEXT.
#include "cli.hpp"
#include "printer.hpp"
#include "render.hpp"
#include "scope.hpp"

#include "mailscope/store/flags.hpp"
#include "mailscope/store/reader.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

namespace ms::cli {

namespace {

int queue_rank(const std::string& status) {
    return status == "appealed" ? 0 : status == "escalated" ? 1 : 2;
}

class ReviewCommand final : public Command {
public:
    const char* name() const override { return "review"; }
    const char* summary() const override {
        return "Compliance's queue of flags and appeals, and its decisions on them";
    }
    Action action() const override { return Action::review; }
    CaseNeed need() const override { return m_flag ? CaseNeed::read_write : CaseNeed::read_only; }

    void setup(CLI::App& app) override {
        app.add_option("FLAG", m_flag, "a flag to decide on (or, alone, to show with its history)")
            ->type_name("ID");
        auto* c = app.add_flag("--confirm", m_confirm, "the flag is right");
        auto* d = app.add_flag("--dismiss", m_dismiss, "the flag is a false alarm");
        auto* e = app.add_flag("--escalate", m_escalate, "needs a further decision (legal, management)");
        c->excludes(d)->excludes(e);
        d->excludes(e);
        app.add_option("-n,--note", m_note, "why (recorded; required with a decision)")->type_name("TEXT");
        app.add_option("--status", m_status, "the queue: only flags with this status")
            ->check(CLI::IsMember({"open", "appealed", "escalated", "confirmed", "dismissed", "allowed"}))
            ->type_name("STATUS");
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        std::string action = m_confirm ? "confirm" : m_dismiss ? "dismiss" : m_escalate ? "escalate" : "";
        if (!action.empty() && !m_flag)
            return fail(Errc::usage, "--" + action + " needs the flag to decide on", "mailscope review FLAG --" + action + " --note TEXT");
        if (!m_note.empty() && action.empty())
            return fail(Errc::usage, "--note goes with a decision", "add --confirm, --dismiss or --escalate");
        if (!m_flag) return queue(ctx);
        FlagFilter ff;
        ff.flag_id = m_flag;
        MS_TRY_ASSIGN(flags, list_flags(ctx.kase->db(), ff));
        if (flags.empty())
            return fail(Errc::not_found, "flag " + std::to_string(m_flag) + " is not in the case",
                        "see the queue with mailscope review");
        FlagRow f = flags.front();
        MS_TRY_ASSIGN(reader, MessageReader::create(ctx.kase->db()));
        MS_TRY_ASSIGN(s, reader.summary(f.message_id, Detail::listing));
        if (ctx.access->visibility(s) == Visibility::hidden) {
            AuditRecord r;
            r.action = action.empty() ? "review-show" : "review-" + action;
            r.target = "flag:" + std::to_string(m_flag);
            r.outcome = "denied";
            MS_TRY(ctx.access->record(r));
            return fail(Errc::permission, "flag " + std::to_string(m_flag) + " is on a message outside what you may see",
                        "personal mail is reached only through mailscope unlock ID --reason TEXT");
        }
        if (action.empty()) return show(ctx, f, s);
        MS_TRY_ASSIGN(note, stated_reason(m_note, "--note", "引用客户原话，非承诺"));
        if (f.status == "allowed")
            return fail(Errc::usage, "flag " + std::to_string(m_flag) + " is of an allowed-tier rule: there is nothing to decide");
        const Viewer& viewer = ctx.access->viewer();
        ReviewRow rv;
        rv.flag_id = m_flag;
        rv.at = now_epoch();
        rv.person = viewer.person_id().empty() ? viewer.login : viewer.person_id();
        rv.role = viewer.role_name();
        rv.action = action;
        rv.note = note;
        MS_TRY_ASSIGN(done, add_review(ctx.kase->db(), rv));
        Record detail;
        detail["rule"] = f.rule;
        detail["message"] = f.message_id;
        detail["was"] = f.status;
        detail["now"] = done.status;
        MS_TRY(audit(ctx, "review-" + action, "flag:" + std::to_string(m_flag), "", detail, note));
        auto printer = Printer::make(m_format, std::cout, {"flag", "was", "status", "rule", "message", "note"},
                                     [](std::ostream& out, const Record& r) {
                                         out << "flag " << r["flag"].get<std::int64_t>() << " ("
                                             << r["rule"].get<std::string>() << "): "
                                             << r["was"].get<std::string>() << " -> "
                                             << r["status"].get<std::string>() << "\n";
                                     });
        Record r;
        r["flag"] = m_flag;
        r["was"] = f.status;
        r["status"] = done.status;
        r["rule"] = f.rule;
        r["message"] = f.message_id;
        r["note"] = note;
        printer->record(r);
        printer->finish();
        return k_exit_ok;
    }

private:
    std::int64_t m_flag = 0;
    bool m_confirm = false, m_dismiss = false, m_escalate = false;
    std::string m_note, m_status;
    OutputFormat m_format = OutputFormat::text;

    // The flags to work through, appealed first; exit 1 when there are none.
    Result<int> queue(Context& ctx) {
        MS_TRY_ASSIGN(reader, MessageReader::create(ctx.kase->db()));
        std::vector<std::pair<FlagRow, MessageSummary>> rows;
        std::vector<std::string> statuses = m_status.empty() ? std::vector<std::string>{"appealed", "escalated", "open"}
                                                             : std::vector<std::string>{m_status};
        for (const auto& st : statuses) {
            FlagFilter ff;
            ff.status = st;
            MS_TRY(for_each_flag(ctx.kase->db(), ff, [&](const FlagRow& f) -> Result<void> {
                auto s = reader.summary(f.message_id, Detail::listing);
                if (!s || ctx.access->visibility(*s) == Visibility::hidden) return ok();
                rows.emplace_back(f, std::move(*s));
                return ok();
            }));
        }
        // Likely false positives (the context model's mark) wait behind everything else.
        std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
            if (a.first.likely_fp != b.first.likely_fp) return b.first.likely_fp;
            int qa = queue_rank(a.first.status), qb = queue_rank(b.first.status);
            if (qa != qb) return qa < qb;
            return tier_rank(a.first.tier) > tier_rank(b.first.tier);
        });
        Record detail;
        if (!m_status.empty()) detail["status"] = m_status;
        detail["flags"] = rows.size();
        MS_TRY(audit(ctx, "review-queue", "", "", detail));
        auto printer = Printer::make(m_format, std::cout, flag_csv_columns(), flag_text_line);
        for (const auto& [f, s] : rows) printer->record(flag_record(f, &s));
        printer->finish();
        return rows.empty() ? k_exit_none : k_exit_ok;
    }

    Result<int> show(Context& ctx, const FlagRow& f, const MessageSummary& s) {
        MS_TRY_ASSIGN(history, reviews_of(ctx.kase->db(), f.id));
        MS_TRY(audit(ctx, "review-show", "flag:" + std::to_string(f.id), "", Record::object()));
        Record r = flag_record(f, &s);
        Record h = Record::array();
        for (const auto& rv : history)
            h.push_back({{"at", iso8601_utc(rv.at)}, {"person", rv.person}, {"role", rv.role},
                         {"action", rv.action}, {"note", rv.note}, {"status", rv.status}});
        if (m_format == OutputFormat::text) {
            flag_text_line(std::cout, r);
            for (const auto& rv : history)
                std::cout << "  " << iso8601_utc(rv.at) << "  " << rv.action << " by " << rv.person
                          << " (" << rv.role << "): " << rv.note << "  -> " << rv.status << "\n";
            if (history.empty()) std::cout << "  no appeal or decision yet\n";
            return k_exit_ok;
        }
        r["history"] = h;
        auto printer = Printer::make(m_format, std::cout, flag_csv_columns(), flag_text_line);
        printer->record(r);
        printer->finish();
        return k_exit_ok;
    }
};

} // namespace

std::unique_ptr<Command> make_review_command() { return std::make_unique<ReviewCommand>(); }

} // namespace ms::cli
