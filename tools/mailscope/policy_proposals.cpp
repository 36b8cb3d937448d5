// mailscope policy proposals [ID] [--status S]: the proposed terms with their tally, proposer
// and reason, oldest first; with ID, one proposal and its votes. Who voted how is shown to
// compliance only (proposal_view.hpp); everyone else sees the tally and their own vote.
// Exit 1 when no proposal is listed, like the review queue.
#include "policy_sub.hpp"
#include "printer.hpp"
#include "proposal_view.hpp"
#include "scope.hpp"

#include "mailscope/store/proposals.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

class PolicyProposals final : public PolicySub {
public:
    const char* name() const override { return "proposals"; }
    const char* summary() const override {
        return "List proposed terms with their tally, or show one with its votes";
    }
    CaseNeed need() const override { return CaseNeed::read_only; }
    Action action() const override { return Action::policy_proposals; }

    void setup(CLI::App& app) override {
        app.add_option("ID", m_id, "show this proposal with its votes")->type_name("ID");
        app.add_option("--status", m_status, "only proposals with this status")
            ->check(CLI::IsMember({"open", "adopted", "rejected"}))
            ->type_name("STATUS");
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        if (m_id) return show(ctx);
        ProposalFilter f;
        f.status = m_status;
        MS_TRY_ASSIGN(rows, list_proposals(ctx.kase->db(), f));
        Record detail;
        if (!m_status.empty()) detail["status"] = m_status;
        detail["proposals"] = rows.size();
        MS_TRY(audit(ctx, "policy-proposals", "", "", detail));
        auto printer = Printer::make(m_format, std::cout, proposal_csv_columns(), proposal_text_line);
        std::string me = acting_person(ctx);
        for (const auto& p : rows) {
            MS_TRY_ASSIGN(mine, vote_of(ctx.kase->db(), p.id, me));
            printer->record(proposal_record(ctx, p, mine));
        }
        printer->finish();
        return rows.empty() ? k_exit_none : k_exit_ok;
    }

private:
    std::int64_t m_id = 0;
    std::string m_status;
    OutputFormat m_format = OutputFormat::text;

    Result<int> show(Context& ctx) {
        MS_TRY_ASSIGN(p, get_proposal(ctx.kase->db(), m_id));
        if (!m_status.empty() && p.status != m_status)
            return fail(Errc::usage, "proposal " + std::to_string(m_id) + " is " + p.status +
                                         ", not " + m_status,
                        "give either ID or --status");
        std::string me = acting_person(ctx);
        MS_TRY_ASSIGN(mine, vote_of(ctx.kase->db(), p.id, me));
        bool voters = sees_voters(ctx);
        std::vector<Vote> votes;
        if (voters) {
            MS_TRY_ASSIGN(all, votes_of(ctx.kase->db(), p.id));
            votes = std::move(all);
        }
        Record detail;
        detail["voters_shown"] = voters;
        MS_TRY(audit(ctx, "policy-proposal", "proposal:" + std::to_string(p.id), "", detail));

        Record r = proposal_record(ctx, p, mine);
        if (m_format == OutputFormat::text) {
            text(std::cout, p, r, voters, votes);
            return k_exit_ok;
        }
        if (voters) {
            Record arr = Record::array();
            for (const auto& v : votes) {
                if (m_format == OutputFormat::csv) {
                    arr.push_back(v.person + "=" + vote_name(v.in_favour));
                } else {
                    arr.push_back({{"person", v.person}, {"vote", vote_name(v.in_favour)},
                                   {"at", iso8601_utc(v.at)}, {"comment", v.comment}});
                }
            }
            r["votes"] = arr;
        }
        auto printer = Printer::make(m_format, std::cout, proposal_csv_columns(), proposal_text_line);
        printer->record(r);
        printer->finish();
        return k_exit_ok;
    }

    static void text(std::ostream& out, const Proposal& p, const Record& r, bool voters,
                     const std::vector<Vote>& votes) {
        out << "proposal " << p.id << ": " << proposal_summary(p) << "\n"
            << "  status:    " << p.status << "\n"
            << "  proposed:  " << iso8601_utc(p.proposed_at) << " by " << p.proposed_by << "\n"
            << "  reason:    " << p.reason << "\n"
            << "  tally:     " << p.votes_for << " for, " << p.votes_against << " against\n";
        if (voters) {
            for (const auto& v : votes)
                out << "  vote:      " << vote_name(v.in_favour) << "  " << v.person << "  "
                    << iso8601_utc(v.at) << (v.comment.empty() ? "" : "  " + v.comment) << "\n";
        } else {
            out << "  votes:     secret (compliance sees who voted how)\n";
        }
        if (r["my_vote"].is_string())
            out << "  your vote: " << r["my_vote"].get<std::string>() << "\n";
        if (p.decided_at) {
            out << "  decided:   " << p.status << " " << iso8601_utc(p.decided_at);
            if (r.contains("decided_by")) out << " by " << p.decided_by;
            out << "\n  note:      " << p.note << "\n";
        }
    }
};

} // namespace

std::unique_ptr<PolicySub> make_policy_proposals() { return std::make_unique<PolicyProposals>(); }

} // namespace ms::cli
