// mailscope policy test: runs each policy's worked examples and prints every rule's
// precision and recall.
#include "policy_sub.hpp"
#include "printer.hpp"
#include "scope.hpp"

#include "mailscope/policy/config.hpp"
#include "mailscope/policy/evaluate.hpp"
#include "mailscope/policy/learning.hpp"
#include "mailscope/store/case.hpp"
#include "mailscope/policy/matcher.hpp"
#include "mailscope/util/fs.hpp"
#include "mailscope/util/strings.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

namespace ms::cli {

namespace {

struct RuleScore {
    int tp = 0, fp = 0, fn = 0, examples = 0;
    int tp_after = 0, fp_after = 0, fn_after = 0;  // hits the context model marks dropped
};

std::string ratio(int num, int den) {
    if (den == 0) return "-";
    char b[16];
    std::snprintf(b, sizeof b, "%.2f", static_cast<double>(num) / den);
    return b;
}

class PolicyTest final : public PolicySub {
public:
    const char* name() const override { return "test"; }
    const char* summary() const override {
        return "Run the policies' examples: precision and recall";
    }
    CaseNeed need() const override { return CaseNeed::none; }
    Action action() const override { return Action::policy; }

    void setup(CLI::App& app) override {
        app.add_option("FILE", m_files, "policy files (default: the case's policies)")
            ->type_name("FILE");
        app.add_option("--directory", m_directory,
                       "directory file for the examples' senders (default: the case's)")
            ->type_name("FILE");
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        std::vector<FileProblem> problems;
        ConfigSources src{ctx.case_dir, m_directory, m_files};
        auto cfg = load_config(src, problems);
        if (!cfg) {
            for (const auto& p : problems) std::cerr << format_problem(p) << "\n";
            return fail(std::move(cfg).error());
        }
        // The case's context model, when there is one: the figures after learning.
        std::optional<LearnedModel> model;
        std::error_code ec;
        if (std::filesystem::exists(ctx.case_dir + "/case.db", ec)) {
            MS_TRY_ASSIGN(c, Case::open(ctx.case_dir, CaseMode::read_only));
            MS_TRY_ASSIGN(m, load_model(c->db()));
            model = std::move(m);
            // Compliance's decisions are labelled hits too: confirmed must stay found.
            const Directory* dir = cfg->directory ? &*cfg->directory : nullptr;
            MS_TRY_ASSIGN(decided, decided_flags(c->db(), dir));
            for (const auto& d : decided) {
                Decided& x = m_decided[d.rule];
                auto score = model ? model->score(d.rule, d.features) : std::nullopt;
                bool marked = score && *score >= k_likely_fp;
                if (d.positive) {
                    ++x.confirmed;
                    x.confirmed_kept += !marked;
                } else {
                    ++x.dismissed;
                    x.dismissed_caught += marked;
                }
            }
        }
        return test(*cfg, model ? &*model : nullptr);
    }

private:
    struct Decided {
        int confirmed = 0, confirmed_kept = 0, dismissed = 0, dismissed_caught = 0;
    };
    std::map<std::string, Decided> m_decided;  // by rule_key
    std::vector<std::string> m_files;
    std::string m_directory;
    OutputFormat m_format = OutputFormat::text;

    Result<int> test(const PolicyConfig& cfg, const LearnedModel* model) {
        const Directory* dir = cfg.directory ? &*cfg.directory : nullptr;
        bool all_ok = true;
        auto printer = Printer::make(
            m_format, std::cout,
            {"policy", "rule", "tier", "examples", "true_positives", "false_positives",
             "false_negatives", "precision", "recall", "model", "precision_after",
             "recall_after", "confirmed", "confirmed_kept", "dismissed", "dismissed_caught"},
            nullptr);
        // The examples run against all the policies together, as a scan does (another
        // policy's allowed phrases and Traditional folding count), and each policy is scored
        // on its own rules' findings. The same rules without their scopes serve examples
        // that name no sender: they check the words only. Patterns are identical, so one
        // matcher serves both.
        MS_TRY_ASSIGN(rules, RuleSet::build(cfg.policies, dir));
        std::vector<Policy> open_copies = cfg.policies;
        for (auto& p : open_copies)
            for (auto& r : p.rules) r.scope = Scope{};
        MS_TRY_ASSIGN(open_rules, RuleSet::build(open_copies, nullptr));
        MS_TRY_ASSIGN(matcher, make_hyperscan_matcher(rules, ""));
        Evaluator scoped(rules, *matcher), unscoped(open_rules, *matcher);
        for (const Policy& p : rules.policies()) {
            std::map<std::string, RuleScore> score;
            for (const auto& r : p.rules) score[r.id];
            std::vector<std::string> failures;
            for (const Example& ex : p.examples) {
                std::vector<FieldText> text{{"body", ex.text}};
                auto found = ex.from.empty()
                                 ? unscoped.evaluate(text, Scene{})
                                 : scoped.evaluate(text, classify(dir, ex.from, ex.to,
                                                                  std::nullopt));
                if (!found) return fail(std::move(found).error());
                std::set<std::string> got, got_after;
                const Person* sender = dir && !ex.from.empty() ? dir->person(ex.from) : nullptr;
                for (const auto& f : *found) {
                    const Rule& r = rules.rules()[f.rule];
                    if (r.policy != p.id) continue;
                    got.insert(r.id);
                    HitSite site{ex.text, "body", f.start, f.end, sender, rule_key(r.policy, r.id)};
                    auto score = model ? model->score(site) : std::nullopt;
                    if (!score || *score < k_likely_fp) got_after.insert(r.id);
                }
                std::set<std::string> want(ex.expect.begin(), ex.expect.end());
                for (auto& [id, s] : score) {
                    bool w = want.count(id) > 0, g = got.count(id) > 0;
                    if (w || g) ++s.examples;
                    if (w && g) ++s.tp;
                    else if (g) ++s.fp;
                    else if (w) ++s.fn;
                    bool ga = got_after.count(id) > 0;
                    if (w && ga) ++s.tp_after;
                    else if (ga) ++s.fp_after;
                    else if (w) ++s.fn_after;
                }
                if (got != want) {
                    all_ok = false;
                    auto join = [](const std::set<std::string>& s) {
                        std::string o;
                        for (const auto& x : s) o += (o.empty() ? "" : ", ") + x;
                        return o.empty() ? std::string("nothing") : o;
                    };
                    failures.push_back(p.path + ":" + std::to_string(ex.line) + ": expected " +
                                       join(want) + ", got " + join(got) + ": \"" +
                                       utf8_excerpt(ex.text) + "\"");
                }
            }
            if (m_format == OutputFormat::text) {
                std::cout << p.path << " (" << p.id << "): " << p.rules.size() << " rules, "
                          << p.examples.size() << " examples"
                          << (failures.empty() ? ", all as expected" : "") << "\n";
                std::cout << "  rule                              tier       precision  recall  "
                             "examples"
                          << (model ? "  after learning: precision  recall  model" : "") << "\n";
                for (const Rule& r : p.rules) {
                    const RuleScore& s = score[r.id];
                    char line[256];
                    std::snprintf(line, sizeof line, model ? "  %-33s %-10s %-10s %-7s %-8d"
                                                           : "  %-33s %-10s %-10s %-7s %d",
                                  r.id.c_str(), tier_name(r.tier),
                                  ratio(s.tp, s.tp + s.fp).c_str(),
                                  ratio(s.tp, s.tp + s.fn).c_str(), s.examples);
                    std::cout << line;
                    if (model) {
                        std::snprintf(line, sizeof line, "                  %-10s %-7s %s",
                                      ratio(s.tp_after, s.tp_after + s.fp_after).c_str(),
                                      ratio(s.tp_after, s.tp_after + s.fn_after).c_str(),
                                      model_state(model, r).c_str());
                        std::cout << line;
                    }
                    std::cout << "\n";
                }
                for (const Rule& r : p.rules) {
                    auto it = m_decided.find(rule_key(r.policy, r.id));
                    if (it == m_decided.end()) continue;
                    const Decided& d = it->second;
                    std::cout << "  decisions on " << r.id << ": " << d.confirmed_kept << " of "
                              << d.confirmed << " confirmed flags still found, "
                              << d.dismissed_caught << " of " << d.dismissed
                              << " dismissed ones marked likely false positives\n";
                }
                for (const auto& f : failures) std::cout << "  FAIL " << f << "\n";
            } else {
                for (const Rule& r : p.rules) {
                    const RuleScore& s = score[r.id];
                    Record rec;
                    rec["policy"] = p.id;
                    rec["rule"] = r.id;
                    rec["tier"] = tier_name(r.tier);
                    rec["examples"] = s.examples;
                    rec["true_positives"] = s.tp;
                    rec["false_positives"] = s.fp;
                    rec["false_negatives"] = s.fn;
                    rec["precision"] = s.tp + s.fp ? Record(double(s.tp) / (s.tp + s.fp)) : Record();
                    rec["recall"] = s.tp + s.fn ? Record(double(s.tp) / (s.tp + s.fn)) : Record();
                    rec["model"] = model_state(model, r);
                    rec["precision_after"] = s.tp_after + s.fp_after
                                                 ? Record(double(s.tp_after) / (s.tp_after + s.fp_after))
                                                 : Record();
                    rec["recall_after"] = s.tp_after + s.fn_after
                                              ? Record(double(s.tp_after) / (s.tp_after + s.fn_after))
                                              : Record();
                    const Decided& d = m_decided[rule_key(r.policy, r.id)];
                    rec["confirmed"] = d.confirmed;
                    rec["confirmed_kept"] = d.confirmed_kept;
                    rec["dismissed"] = d.dismissed;
                    rec["dismissed_caught"] = d.dismissed_caught;
                    printer->record(rec);
                }
                for (const auto& f : failures) std::cerr << "FAIL " << f << "\n";
            }
        }
        printer->finish();
        return all_ok ? k_exit_ok : k_exit_none;
    }

    // "none" (nothing learnt), "used", or "not used" (the recall guard or too few decisions).
    static std::string model_state(const LearnedModel* model, const Rule& r) {
        if (!model || r.tier == Tier::allowed) return "none";
        return model->used_for(rule_key(r.policy, r.id)) ? "used" : "not used";
    }

    static std::string utf8_excerpt(const std::string& s) {
        std::string one = s;
        for (char& c : one)
            if (c == '\n' || c == '\r') c = ' ';
        return one.size() > 80 ? utf8_truncate(one, 80) + "…" : one;
    }

};

} // namespace

std::unique_ptr<PolicySub> make_policy_test() { return std::make_unique<PolicyTest>(); }

} // namespace ms::cli
