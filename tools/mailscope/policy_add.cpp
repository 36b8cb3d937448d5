// mailscope policy add: validates policy files (and compiles them, so a regex Hyperscan
// cannot take is refused here, not at the next scan) and copies them into the case.
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

namespace fs = std::filesystem;

namespace ms::cli {

namespace {

class PolicyAdd final : public PolicySub {
public:
    const char* name() const override { return "add"; }
    const char* summary() const override { return "Validate policy files and add them to the case"; }
    CaseNeed need() const override { return CaseNeed::read_write; }
    bool user_files() const override { return true; }
    Action action() const override { return Action::policy; }

    void setup(CLI::App& app) override {
        app.add_option("FILE", m_files, "policy files")->required()->type_name("FILE");
    }

    Result<int> run(Context& ctx) override { return add(ctx); }

private:
    std::vector<std::string> m_files;

    Result<int> add(Context& ctx) {
        std::vector<FileProblem> problems;
        std::vector<Policy> policies;
        for (const auto& f : m_files) {
            auto p = load_policy(f, problems);
            if (p) policies.push_back(std::move(*p));
        }
        for (const auto& p : problems) std::cerr << format_problem(p) << "\n";
        if (!problems.empty())
            return fail(Errc::bad_input, std::to_string(problems.size()) + " problem(s) found",
                        "nothing was added; fix the files and run again");
        // Compiling now reports a regex Hyperscan cannot take before it reaches a scan.
        MS_TRY_ASSIGN(rules, RuleSet::build(policies, nullptr));
        MS_TRY_ASSIGN(matcher, make_hyperscan_matcher(rules, ""));
        Record detail;
        std::string ids;
        for (const auto& p : policies) ids += (ids.empty() ? "" : " ") + p.id;
        MS_TRY(audit(ctx, "policy-add", ids, "", detail));
        std::string dir = ctx.case_dir + "/" + k_policy_dir;
        std::error_code ec;
        fs::create_directories(dir, ec);
        for (std::size_t i = 0; i < m_files.size(); ++i) {
            MS_TRY_ASSIGN(bytes, read_file(m_files[i]));
            std::string dest = dir + "/" + policies[i].id + ".toml";
            MS_TRY(write_file_atomic(dest, bytes, 0600));
            std::cout << "added policy " << policies[i].id << " (" << policies[i].rules.size()
                      << " rules) as " << dest << "\n";
        }
        return k_exit_ok;
    }

};

} // namespace

std::unique_ptr<PolicySub> make_policy_add() { return std::make_unique<PolicyAdd>(); }

} // namespace ms::cli
