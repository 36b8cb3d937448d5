// mailscope policy adopt ID --note TEXT and mailscope policy reject ID --note TEXT:
// compliance decides an open proposal. Adopting edits the rule's terms in the case's copy of
// the policy (CASE/policies/POLICY.toml) through policy_edit, with a history comment above
// the terms naming the proposal, its proposer, the tally, who adopted it and why. The file's
// hash is part of the rule-set version, so the next scan rescans with the new terms.
//
// Order of the steps: the file is edited (and checked) first, then the decision is recorded;
// if recording fails the file gets its old bytes back, so a proposal is never adopted without
// its edit nor the file edited for a proposal that is still open. The case lock (read_write)
// keeps a second decision out meanwhile.
#include "policy_sub.hpp"
#include "printer.hpp"
#include "proposal_view.hpp"
#include "scope.hpp"

#include "mailscope/policy/policy_edit.hpp"
#include "mailscope/store/proposals.hpp"
#include "mailscope/util/fs.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

class PolicyDecide final : public PolicySub {
public:
    explicit PolicyDecide(bool adopt) : m_adopt(adopt) {}
    const char* name() const override { return m_adopt ? "adopt" : "reject"; }
    const char* summary() const override {
        return m_adopt ? "Adopt a proposed term: edit the policy file (compliance)"
                       : "Reject a proposed term; the policy stays as it is (compliance)";
    }
    CaseNeed need() const override { return CaseNeed::read_write; }
    Action action() const override { return Action::policy_decide; }

    void setup(CLI::App& app) override {
        app.add_option("ID", m_id, "the proposal (mailscope policy proposals --status open)")
            ->required()->type_name("ID");
        app.add_option("-n,--note", m_note,
                       m_adopt ? "why it is adopted (recorded, and written into the policy file)"
                               : "why it is rejected (recorded, shown to everyone)")
            ->required()->type_name("TEXT");
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        MS_TRY_ASSIGN(note, stated_reason(m_note, "--note",
                                          m_adopt ? "客户会理解为承诺，纳入监控" : "属于正常的售后表述，不纳入监控"));
        Db& db = ctx.kase->db();
        MS_TRY_ASSIGN(p, get_proposal(db, m_id));
        if (p.status != "open")
            return fail(Errc::conflict, "proposal " + std::to_string(m_id) + " is already " + p.status,
                        "a decision is final; see mailscope policy proposals " + std::to_string(m_id));
        std::string me = acting_person(ctx);
        std::int64_t now = now_epoch();
        Record detail;
        detail["kind"] = p.kind;
        detail["term"] = p.term;
        detail["rule"] = p.policy + "/" + p.rule;
        detail["for"] = p.votes_for;
        detail["against"] = p.votes_against;

        std::string path;
        Proposal decided;
        if (m_adopt) {
            MS_TRY_ASSIGN(ref, find_case_rule(ctx, p.policy + "/" + p.rule));
            path = ref.policy.path;
            MS_TRY_ASSIGN(original, read_file(path));
            std::string history = iso8601_utc(now).substr(0, 10) + ": " + toml_quote(p.term) +
                                  (p.kind == k_proposal_add ? " added" : " removed") +
                                  " by proposal " + std::to_string(p.id) + " (proposed by " +
                                  p.proposed_by + ", " + std::to_string(p.votes_for) + " for, " +
                                  std::to_string(p.votes_against) + " against), adopted by " + me +
                                  ": " + note;
            auto edited = p.kind == k_proposal_add
                              ? add_to_rule_array(path, p.rule, "terms", p.term, history)
                              : remove_from_rule_array(path, p.rule, "terms", p.term, history);
            if (!edited) {
                Error e = std::move(edited).error();
                e.hint = "proposal " + std::to_string(p.id) + " stays open and " + path +
                         " unchanged" + (e.hint.empty() ? "" : " (" + e.hint + ")") +
                         "; if it no longer applies: mailscope policy reject " +
                         std::to_string(p.id) + " --note TEXT";
                return fail(std::move(e));
            }
            auto d = decide_proposal(db, p.id, true, me, note, now);
            if (!d) {
                (void)write_file_atomic(path, original, 0600);
                return fail(std::move(d).error());
            }
            decided = std::move(*d);
            detail["file"] = path;
            MS_TRY_ASSIGN(hash, sha256_file(path));
            detail["file_sha256"] = to_hex(hash);
        } else {
            MS_TRY_ASSIGN(d, decide_proposal(db, p.id, false, me, note, now));
            decided = std::move(d);
        }
        MS_TRY(audit(ctx, m_adopt ? "policy-adopt" : "policy-reject",
                     "proposal:" + std::to_string(p.id), "", detail, note));

        Record r = proposal_record(ctx, decided, std::nullopt);
        if (m_adopt) r["file"] = path;
        auto printer = Printer::make(
            m_format, std::cout, proposal_csv_columns(), [&](std::ostream& out, const Record&) {
                out << "proposal " << decided.id << " " << decided.status << " ("
                    << decided.votes_for << " for, " << decided.votes_against << " against): ";
                if (!m_adopt) {
                    out << toml_quote(decided.term)
                        << (decided.kind == k_proposal_add ? " is not added to " : " stays in ")
                        << decided.policy << "/" << decided.rule << "; the policy is unchanged\n";
                    return;
                }
                out << toml_quote(decided.term)
                    << (decided.kind == k_proposal_add ? " added to the terms of "
                                                       : " removed from the terms of ")
                    << decided.policy << "/" << decided.rule << " in " << path
                    << "\nthe next mailscope scan applies it\n";
            });
        printer->record(r);
        printer->finish();
        return k_exit_ok;
    }

private:
    bool m_adopt;
    std::int64_t m_id = 0;
    std::string m_note;
    OutputFormat m_format = OutputFormat::text;
};

} // namespace

std::unique_ptr<PolicySub> make_policy_adopt() { return std::make_unique<PolicyDecide>(true); }
std::unique_ptr<PolicySub> make_policy_reject() { return std::make_unique<PolicyDecide>(false); }

} // namespace ms::cli
