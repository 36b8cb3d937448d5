// mailscope policy learn: trains the context model on compliance's decisions (confirmed and
// dismissed flags), runs the recall guard per rule, stores the model and re-scores the queue.
#include "policy_sub.hpp"
#include "printer.hpp"
#include "scope.hpp"

#include "mailscope/policy/config.hpp"
#include "mailscope/policy/learning.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

class PolicyLearn final : public PolicySub {
public:
    const char* name() const override { return "learn"; }
    const char* summary() const override {
        return "Train the context model on confirmed and dismissed flags; re-score the queue";
    }
    CaseNeed need() const override { return m_dry_run ? CaseNeed::read_only : CaseNeed::read_write; }
    Action action() const override { return Action::policy_learn; }

    void setup(CLI::App& app) override {
        app.add_flag("--dry-run", m_dry_run, "train and report, but keep the stored model and scores");
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        MS_TRY_ASSIGN(in, load_learning_inputs(ctx));
        const RuleSet& rules = in->rules;
        const Directory* dir = in->dir();
        const auto& decisions = in->decisions;
        Db& db = ctx.kase->db();
        std::vector<std::string> keys;
        for (const Rule& r : rules.rules())
            if (r.tier != Tier::allowed) keys.push_back(rule_key(r.policy, r.id));
        LearnedModel model = train_model(decisions, in->examples.found, keys, now_epoch());

        // How the model reads the decisions it learnt from: dismissed flags it would now mark.
        std::map<std::string, int> caught;
        for (const auto& d : decisions)
            if (!d.positive)
                if (auto p = model.score(d.rule, d.features); p && *p >= k_likely_fp) ++caught[d.rule];

        RescoreStats rescored;
        if (!m_dry_run) {
            MS_TRY_ASSIGN(tx, Transaction::begin(db));
            MS_TRY(save_model(db, model));
            MS_TRY_ASSIGN(r, rescore_flags(db, dir, &model));
            rescored = r;
            MS_TRY(tx.commit());
        }
        int used = 0;
        for (const auto& [k, r] : model.rules) used += r.used;
        Record detail;
        detail["confirmed"] = model.model.confirmed();
        detail["dismissed"] = model.model.dismissed();
        detail["rules_using_model"] = used;
        detail["dry_run"] = m_dry_run;
        if (!m_dry_run) {
            detail["flags_scored"] = rescored.scored;
            detail["likely_false_positives"] = rescored.likely_fp;
        }
        MS_TRY(audit(ctx, "policy-learn", "", "", detail));

        if (m_format != OutputFormat::text) {
            auto printer = Printer::make(m_format, std::cout,
                                         {"rule", "confirmed", "dismissed", "dismissed_caught",
                                          "must_find", "must_find_kept", "used", "reason"},
                                         nullptr);
            for (const auto& [k, r] : model.rules) {
                Record rec;
                rec["rule"] = k;
                rec["confirmed"] = r.confirmed;
                rec["dismissed"] = r.dismissed;
                rec["dismissed_caught"] = caught[k];
                rec["must_find"] = r.checks;
                rec["must_find_kept"] = r.checks_kept;
                rec["used"] = r.used;
                rec["reason"] = r.reason;
                printer->record(rec);
            }
            printer->finish();
            return k_exit_ok;
        }
        std::cout << "context model: " << decisions.size() << " decisions ("
                  << model.model.confirmed() << " confirmed, " << model.model.dismissed()
                  << " dismissed)" << (model.model.trained() ? "" : "; not enough to learn from")
                  << "\n";
        std::cout << "  rule                                  confirmed  dismissed  caught  "
                     "must-find  model\n";
        for (const auto& [k, r] : model.rules) {
            char line[512];
            std::string kept = std::to_string(r.checks_kept) + "/" + std::to_string(r.checks);
            std::snprintf(line, sizeof line, "  %-37s %9d  %9d  %6d  %9s  %s\n", k.c_str(),
                          r.confirmed, r.dismissed, caught[k], kept.c_str(),
                          r.used ? "used" : "not used");
            std::cout << line;
            if (!r.used && model.model.trained())
                std::cout << "      " << r.reason << "\n";
        }
        if (m_dry_run)
            std::cout << "dry run: the stored model and the flags' scores are unchanged\n";
        else
            std::cout << "queue: " << rescored.scored << " flags scored, " << rescored.likely_fp
                      << " marked likely false positives (kept, at the back of `mailscope "
                         "review`)\n";
        return k_exit_ok;
    }

private:
    bool m_dry_run = false;
    OutputFormat m_format = OutputFormat::text;
};

} // namespace

Result<std::unique_ptr<LearningInputs>> load_learning_inputs(Context& ctx) {
    auto in = std::make_unique<LearningInputs>();
    std::vector<FileProblem> problems;
    auto cfg = load_config({ctx.case_dir, "", {}}, problems);
    if (!cfg) {
        for (const auto& p : problems) std::cerr << format_problem(p) << "\n";
        return fail(std::move(cfg).error());
    }
    in->cfg = std::move(*cfg);
    MS_TRY_ASSIGN(rules, RuleSet::build(in->cfg.policies, in->dir()));
    in->rules = std::move(rules);
    MS_TRY_ASSIGN(matcher, make_hyperscan_matcher(in->rules, ctx.case_dir + "/cache"));
    in->matcher = std::move(matcher);
    MS_TRY_ASSIGN(decisions, decided_flags(ctx.kase->db(), in->dir()));
    in->decisions = std::move(decisions);
    MS_TRY_ASSIGN(examples, example_hits(in->rules, *in->matcher, in->dir()));
    in->examples = std::move(examples);
    return in;
}

std::unique_ptr<PolicySub> make_policy_learn() { return std::make_unique<PolicyLearn>(); }

} // namespace ms::cli
