// mailscope policy vote ID --for|--against [--comment TEXT]: employees and managers vote on
// an open proposal. One vote per person; voting again changes it while the proposal is open.
// The audit trail records that the person voted, not how: the ballot is secret from everyone
// but compliance (proposal_view.hpp).
#include "policy_sub.hpp"
#include "printer.hpp"
#include "proposal_view.hpp"
#include "scope.hpp"

#include "mailscope/store/proposals.hpp"
#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

class PolicyVote final : public PolicySub {
public:
    const char* name() const override { return "vote"; }
    const char* summary() const override { return "Vote for or against a proposed term"; }
    CaseNeed need() const override { return CaseNeed::read_write; }
    Action action() const override { return Action::policy_vote; }

    void setup(CLI::App& app) override {
        app.add_option("ID", m_id, "the proposal (mailscope policy proposals)")->required()->type_name("ID");
        auto* f = app.add_flag("--for", m_for, "vote for the proposal");
        auto* a = app.add_flag("--against", m_against, "vote against it");
        f->excludes(a);
        app.add_option("--comment", m_comment, "a remark with the vote (compliance sees it)")
            ->type_name("TEXT");
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        if (m_for == m_against)
            return fail(Errc::usage, "say how you vote: --for or --against",
                        "mailscope policy vote " + std::to_string(m_id) + " --for");
        std::string comment = collapse_whitespace(sanitize_utf8(m_comment));
        Vote v;
        v.proposal_id = m_id;
        v.person = acting_person(ctx);
        v.in_favour = m_for;
        v.at = now_epoch();
        v.comment = comment;
        MS_TRY_ASSIGN(before, cast_vote(ctx.kase->db(), v));
        MS_TRY_ASSIGN(p, get_proposal(ctx.kase->db(), m_id));

        Record detail;
        detail["revote"] = before.has_value();
        MS_TRY(audit(ctx, "policy-vote", "proposal:" + std::to_string(m_id), "", detail));

        auto printer = Printer::make(m_format, std::cout,
                                     {"proposal", "vote", "was", "status", "for", "against"},
                                     [&](std::ostream& out, const Record& r) {
                                         out << "proposal " << p.id << " (" << proposal_summary(p)
                                             << "): ";
                                         if (!before) out << "you voted " << r["vote"].get<std::string>();
                                         else if (before->in_favour == v.in_favour)
                                             out << "you voted " << r["vote"].get<std::string>() << " again";
                                         else
                                             out << "your vote changed from " << r["was"].get<std::string>()
                                                 << " to " << r["vote"].get<std::string>();
                                         out << "; now " << p.votes_for << " for, " << p.votes_against
                                             << " against\n";
                                     });
        Record r;
        r["proposal"] = p.id;
        r["vote"] = vote_name(v.in_favour);
        r["was"] = before ? Record(vote_name(before->in_favour)) : Record();
        r["status"] = p.status;
        r["for"] = p.votes_for;
        r["against"] = p.votes_against;
        printer->record(r);
        printer->finish();
        return k_exit_ok;
    }

private:
    std::int64_t m_id = 0;
    bool m_for = false, m_against = false;
    std::string m_comment;
    OutputFormat m_format = OutputFormat::text;
};

} // namespace

std::unique_ptr<PolicySub> make_policy_vote() { return std::make_unique<PolicyVote>(); }

} // namespace ms::cli
