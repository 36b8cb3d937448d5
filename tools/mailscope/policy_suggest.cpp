// mailscope policy suggest [--accept N --note TEXT]: exceptions learnt from dismissed flags,
// for compliance to accept into the policy file. Accepting re-checks for real: the edited
// policy must still find every seeded example and every confirmed flag, or the file is put
// back as it was.
#include "policy_sub.hpp"
#include "printer.hpp"
#include "scope.hpp"

#include "mailscope/policy/config.hpp"
#include "mailscope/policy/learning.hpp"
#include "mailscope/policy/policy_edit.hpp"
#include "mailscope/policy/suggest.hpp"
#include "mailscope/util/fs.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

std::string id_list(const std::vector<std::int64_t>& ids, std::size_t max = 8) {
    std::string o;
    for (std::size_t i = 0; i < ids.size() && i < max; ++i)
        o += (i ? ", " : "") + std::to_string(ids[i]);
    if (ids.size() > max) o += ", …";
    return o;
}

class PolicySuggest final : public PolicySub {
public:
    const char* name() const override { return "suggest"; }
    const char* summary() const override {
        return "Exceptions learnt from dismissed flags, to accept into the policy file";
    }
    CaseNeed need() const override { return m_accept ? CaseNeed::read_write : CaseNeed::read_only; }
    Action action() const override { return Action::policy_learn; }

    void setup(CLI::App& app) override {
        app.add_option("--accept", m_accept, "add suggestion N (as listed) to its rule's exceptions")
            ->type_name("N")
            ->check(CLI::PositiveNumber);
        app.add_option("-n,--note", m_note, "why it is accepted (recorded; required with --accept)")
            ->type_name("TEXT");
        app.add_option("--min-flags", m_min, "a phrase must stand before this many dismissed "
                                             "flags (default 2)")
            ->type_name("N")
            ->check(CLI::Range(1, 1000000));
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        if (m_accept && m_note.empty())
            return fail(Errc::usage, "--accept needs --note: why the exception is right",
                        "mailscope policy suggest --accept " + std::to_string(m_accept) +
                            " --note TEXT");
        if (!m_accept && !m_note.empty())
            return fail(Errc::usage, "--note goes with --accept", "add --accept N");
        MS_TRY_ASSIGN(in, load_learning_inputs(ctx));
        auto found = suggest_exceptions(in->rules, in->decisions, in->examples.found, m_min);
        if (m_accept) return accept(ctx, in->cfg, found);

        Record detail;
        detail["suggestions"] = found.size();
        MS_TRY(audit(ctx, "policy-suggest", "", "", detail));
        auto printer = Printer::make(
            m_format, std::cout, {"n", "rule", "exception", "dismissed", "flags"},
            [](std::ostream& out, const Record& r) {
                out << r["n"].get<int>() << "  " << r["rule"].get<std::string>() << "  exception \""
                    << r["exception"].get<std::string>() << "\"  before "
                    << r["dismissed"].get<int>() << " dismissed flags (" << r["flags"].get<std::string>()
                    << "), no confirmed flag or seeded example\n";
            });
        int n = 0;
        for (const auto& s : found) {
            Record r;
            r["n"] = ++n;
            r["rule"] = s.rule;
            r["exception"] = s.phrase;
            r["dismissed"] = static_cast<int>(s.dismissed.size());
            r["flags"] = id_list(s.dismissed, 1000);
            printer->record(r);
        }
        printer->finish();
        if (found.empty() && m_format == OutputFormat::text)
            std::cout << "no suggestions: no phrase stands before " << m_min
                      << " or more dismissed flags of a rule and before none of its confirmed "
                         "flags or seeded examples\n";
        else if (m_format == OutputFormat::text)
            std::cout << "accept one with: mailscope policy suggest --accept N --note TEXT\n";
        return found.empty() ? k_exit_none : k_exit_ok;
    }

private:
    int m_accept = 0, m_min = 2;
    std::string m_note;
    OutputFormat m_format = OutputFormat::text;

    Result<int> accept(Context& ctx, const PolicyConfig& cfg,
                       const std::vector<ExceptionSuggestion>& found) {
        if (static_cast<std::size_t>(m_accept) > found.size())
            return fail(Errc::not_found,
                        "there is no suggestion " + std::to_string(m_accept) + " (" +
                            std::to_string(found.size()) + " now)",
                        "list them again with mailscope policy suggest");
        const ExceptionSuggestion& s = found[m_accept - 1];
        std::string policy_id = s.rule.substr(0, s.rule.find('/'));
        std::string rule_id = s.rule.substr(s.rule.find('/') + 1);
        const Policy* policy = nullptr;
        for (const auto& p : cfg.policies)
            if (p.id == policy_id) policy = &p;
        if (!policy)
            return fail(Errc::not_found, "policy " + policy_id + " is not in the case",
                        "see mailscope policy list");
        std::string who = ctx.access->viewer().person_id();
        if (who.empty()) who = ctx.actor;
        std::string history = iso8601_utc(now_epoch()).substr(0, 10) + ": exception \"" +
                              s.phrase + "\" accepted from `policy suggest` by " + who +
                              " (before " + std::to_string(s.dismissed.size()) +
                              " dismissed flags: " + id_list(s.dismissed) + "): " + m_note;
        MS_TRY_ASSIGN(original, read_file(policy->path));
        MS_TRY(add_to_rule_array(policy->path, rule_id, "exceptions", s.phrase, history));

        // The real check: the edited policies against the seeded examples and the confirmed
        // flags. Anything lost puts the file back.
        auto restore = [&](Error e) -> Result<int> {
            if (auto w = write_file_atomic(policy->path, original, 0600); !w)
                return fail(std::move(w).error());
            return fail(std::move(e));
        };
        std::vector<FileProblem> problems;
        auto after = load_config({ctx.case_dir, "", {}}, problems);
        if (!after) return restore(std::move(after).error());
        const Directory* dir = after->directory ? &*after->directory : nullptr;
        auto rules = RuleSet::build(after->policies, dir);
        if (!rules) return restore(std::move(rules).error());
        auto matcher = make_hyperscan_matcher(*rules, "");
        if (!matcher) return restore(std::move(matcher).error());
        auto ex = example_hits(*rules, **matcher, dir);
        if (!ex) return restore(std::move(ex).error());
        for (const auto& m : ex->missed)
            if (m.rule == s.rule)
                return restore(Error(Errc::bad_input,
                                     "the exception \"" + s.phrase + "\" would lose the seeded "
                                     "example at " + m.origin + "; the policy file is unchanged",
                                     "keep dismissing, or write a narrower exception by hand"));
        auto lost = confirmed_lost(ctx.kase->db(), *rules, **matcher, dir);
        if (!lost) return restore(std::move(lost).error());
        if (!lost->empty())
            return restore(Error(Errc::bad_input,
                                 "the exception \"" + s.phrase + "\" would lose confirmed flag(s) " +
                                     id_list(*lost) + "; the policy file is unchanged",
                                 "keep dismissing, or write a narrower exception by hand"));

        Record detail;
        detail["rule"] = s.rule;
        detail["exception"] = s.phrase;
        detail["dismissed_flags"] = s.dismissed;
        detail["file"] = policy->path;
        MS_TRY(audit(ctx, "policy-suggest-accept", s.rule, "", detail, m_note));
        std::cout << "added exception \"" << s.phrase << "\" to " << s.rule << " in "
                  << policy->path << " (" << s.dismissed.size()
                  << " dismissed flags; every seeded example and confirmed flag still found);"
                  << " the next `mailscope scan` applies it\n";
        return k_exit_ok;
    }
};

} // namespace

std::unique_ptr<PolicySub> make_policy_suggest() { return std::make_unique<PolicySuggest>(); }

} // namespace ms::cli
