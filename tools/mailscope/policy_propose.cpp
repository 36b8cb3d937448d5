// mailscope policy propose TERM --rule POLICY/RULE --reason TEXT [--remove]: anyone monitored
// (employees, managers) and compliance propose a term for a rule of the phrase library, or
// the removal of one; people vote on it (policy vote) and compliance adopts or rejects it
// (policy adopt / reject). The proposer's own vote for it is counted at once when the
// proposer is someone who votes (employees and managers; compliance decides instead).
#include "policy_sub.hpp"
#include "printer.hpp"
#include "proposal_view.hpp"
#include "scope.hpp"

#include "mailscope/policy/normalize.hpp"
#include "mailscope/policy/policy_edit.hpp"
#include "mailscope/store/proposals.hpp"
#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

// Longer phrases are sentences, not terms; they would match almost nothing.
constexpr std::size_t k_max_term_chars = 100;

class PolicyPropose final : public PolicySub {
public:
    const char* name() const override { return "propose"; }
    const char* summary() const override {
        return "Propose a term for a rule of the phrase library, or its removal";
    }
    CaseNeed need() const override { return CaseNeed::read_write; }
    Action action() const override { return Action::policy_propose; }

    void setup(CLI::App& app) override {
        app.add_option("TERM", m_term, "the phrase to add (or, with --remove, to remove)")
            ->required()->type_name("TERM");
        app.add_option("-r,--rule", m_rule, "the rule, as POLICY/RULE (mailscope policy list)")
            ->required()->type_name("POLICY/RULE");
        app.add_option("--reason", m_reason, "why (shown to everyone who votes)")
            ->required()->type_name("TEXT");
        app.add_flag("--remove", m_remove, "propose removing TERM from the rule's terms");
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        MS_TRY_ASSIGN(term, checked_term(m_term));
        MS_TRY_ASSIGN(reason, stated_reason(m_reason, "--reason", "客户会把“十年包换”理解为终身保修承诺"));
        MS_TRY_ASSIGN(ref, find_case_rule(ctx, m_rule));
        const Rule& rule = ref.rule;
        std::string where = ref.policy.id + "/" + rule.id;
        Normalizer norm(ref.policy.traditional);
        std::string key = norm.normalize(term);
        if (trim(key).empty())
            return fail(Errc::usage, "the term " + toml_quote(term) + " has nothing to match once normalised",
                        "a term needs letters, digits or Chinese characters");
        // The library matches normalised text: "最 低 价" is the term 最低价 already.
        const std::string* same = nullptr;
        for (const auto& t : rule.terms)
            if (t == term) same = &t;
        if (!same)
            for (const auto& t : rule.terms)
                if (norm.normalize(t) == key) same = &t;
        if (!m_remove && same)
            return fail(Errc::conflict,
                        toml_quote(term) + " is already a term of " + where +
                            (*same == term ? "" : " (as " + toml_quote(*same) + ")"),
                        "nothing to propose; see mailscope policy proposals for open proposals");
        if (m_remove) {
            if (!same) {
                std::string terms;
                for (const auto& t : rule.terms) terms += (terms.empty() ? "" : ", ") + toml_quote(t);
                return fail(Errc::not_found, toml_quote(term) + " is not a term of " + where,
                            terms.empty() ? "the rule has no terms (only regex)" : "its terms: " + terms);
            }
            term = *same;  // the spelling the file has, which adoption removes
            if (rule.terms.size() == 1 && rule.regexes.empty())
                return fail(Errc::conflict,
                            toml_quote(term) + " is the only thing " + where + " matches",
                            "a rule without terms or regex would be invalid; propose another term first");
        }

        Proposal p;
        p.kind = m_remove ? k_proposal_remove : k_proposal_add;
        p.term = term;
        p.policy = ref.policy.id;
        p.rule = rule.id;
        p.reason = reason;
        p.proposed_by = acting_person(ctx);
        p.proposed_at = now_epoch();
        bool votes = ctx.access->permitted(Action::policy_vote);
        MS_TRY_ASSIGN(added, add_proposal(ctx.kase->db(), p, votes));

        Record detail;
        detail["kind"] = added.kind;
        detail["term"] = added.term;
        detail["rule"] = where;
        detail["proposer_votes"] = votes;
        MS_TRY(audit(ctx, "policy-propose", "proposal:" + std::to_string(added.id), "", detail, reason));

        std::optional<Vote> mine;
        if (votes) mine = Vote{added.id, added.proposed_by, true, added.proposed_at, ""};
        auto printer = Printer::make(m_format, std::cout, proposal_csv_columns(),
                                     [&](std::ostream& out, const Record& r) {
                                         out << "proposal " << added.id << ": "
                                             << proposal_summary(added) << " ("
                                             << r["status"].get<std::string>() << ", "
                                             << r["for"].get<int>() << " for, "
                                             << r["against"].get<int>() << " against)\n";
                                         std::string id = std::to_string(added.id);
                                         if (votes)
                                             out << "your vote for it counts; others vote with "
                                                    "`mailscope policy vote " << id
                                                 << " --for` or `--against`\n";
                                         else
                                             out << "employees and managers vote with `mailscope "
                                                    "policy vote " << id
                                                 << " --for` or `--against`\n";
                                     });
        printer->record(proposal_record(ctx, added, mine));
        printer->finish();
        return k_exit_ok;
    }

private:
    std::string m_term, m_rule, m_reason;
    bool m_remove = false;
    OutputFormat m_format = OutputFormat::text;

    static Result<std::string> checked_term(const std::string& raw) {
        if (!is_valid_utf8(raw)) return fail(Errc::usage, "the term is not valid UTF-8");
        std::string term(trim(raw));
        if (term.empty())
            return fail(Errc::usage, "the term is empty", "an empty term would match everything");
        for (unsigned char c : term)
            if (c < 0x20 || c == 0x7f)
                return fail(Errc::usage, "the term must be one line of text, without control characters");
        std::size_t chars = 0;
        for (std::size_t i = 0; i < term.size(); ++chars) next_code_point(term, i);
        if (chars > k_max_term_chars)
            return fail(Errc::usage,
                        "the term is " + std::to_string(chars) + " characters long; a term has at most " +
                            std::to_string(k_max_term_chars),
                        "propose the phrase that matters, not the sentence around it");
        return term;
    }
};

} // namespace

std::unique_ptr<PolicySub> make_policy_propose() { return std::make_unique<PolicyPropose>(); }

} // namespace ms::cli
