// mailscope policy list: the case's policies and their rules.
#include "policy_sub.hpp"
#include "printer.hpp"
#include "scope.hpp"

#include "mailscope/policy/config.hpp"
#include "mailscope/policy/evaluate.hpp"
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

class PolicyList final : public PolicySub {
public:
    const char* name() const override { return "list"; }
    const char* summary() const override { return "List the case's policies and their rules"; }
    CaseNeed need() const override { return CaseNeed::none; }
    Action action() const override { return Action::policy; }

    void setup(CLI::App& app) override { add_format_option(app, m_format); }

    Result<int> run(Context& ctx) override {
        std::vector<FileProblem> problems;
        ConfigSources src{ctx.case_dir, m_directory, m_files};
        auto cfg = load_config(src, problems);
        if (!cfg) {
            for (const auto& p : problems) std::cerr << format_problem(p) << "\n";
            return fail(std::move(cfg).error());
        }
        return list(*cfg);
    }

private:
    std::vector<std::string> m_files;
    std::string m_directory;
    OutputFormat m_format = OutputFormat::text;

    Result<int> list(const PolicyConfig& cfg) {
        auto printer = Printer::make(
            m_format, std::cout,
            {"policy", "rule", "tier", "category", "terms", "regexes", "scope", "actions", "file"},
            [](std::ostream& out, const Record& r) {
                out << r["policy"].get<std::string>() << "/" << r["rule"].get<std::string>()
                    << "  " << r["tier"].get<std::string>() << "  "
                    << r["category"].get<std::string>() << "  " << r["terms"].get<int>()
                    << " terms, " << r["regexes"].get<int>() << " regexes  "
                    << r["scope"].get<std::string>() << "  " << join_array(r["actions"], ",")
                    << "\n";
            });
        for (const auto& p : cfg.policies) {
            for (const auto& rule : p.rules) {
                Record r;
                r["policy"] = p.id;
                r["rule"] = rule.id;
                r["tier"] = tier_name(rule.tier);
                r["category"] = rule.category;
                r["terms"] = static_cast<int>(rule.terms.size());
                r["regexes"] = static_cast<int>(rule.regexes.size());
                std::string scope;
                for (Role ro : rule.scope.roles) scope += std::string(scope.empty() ? "" : ",") + role_name(ro);
                for (const auto& d : rule.scope.departments) scope += (scope.empty() ? "" : ",") + d;
                for (Direction d : rule.scope.directions)
                    scope += std::string(scope.empty() ? "" : ",") + direction_name(d);
                r["scope"] = scope.empty() ? "everyone" : scope;
                Record actions = Record::array();
                if (rule.notify) actions.push_back("notify");
                if (rule.retain) actions.push_back("retain");
                r["actions"] = actions;
                r["file"] = p.path;
                printer->record(r);
            }
        }
        printer->finish();
        return k_exit_ok;
    }

};

} // namespace

std::unique_ptr<PolicySub> make_policy_list() { return std::make_unique<PolicyList>(); }

} // namespace ms::cli
