// mailscope policy SUBCOMMAND: the phrase library (mailscope-policy(1), mailscope-policy(5)).
// Each subcommand lives in its own policy_*.cpp; this file only dispatches.
#include "cli.hpp"
#include "policy_sub.hpp"

#include <CLI/CLI.hpp>

namespace ms::cli {

namespace {

class PolicyCommand final : public Command {
public:
    const char* name() const override { return "policy"; }
    const char* summary() const override {
        return "The phrase library: test, add and list policies; learn from reviews; explain "
               "what is monitored; propose and vote on terms";
    }
    bool takes_case() const override { return true; }
    Action action() const override { return chosen() ? chosen()->action() : Action::policy; }
    CaseNeed need() const override { return chosen() ? chosen()->need() : CaseNeed::none; }
    bool user_files() const override { return chosen() && chosen()->user_files(); }
    // The subcommands have different rights: a refusal names the one that was refused.
    std::string invocation() const override {
        return chosen() ? std::string("policy ") + chosen()->name() : "policy";
    }

    void setup(CLI::App& app) override {
        app.require_subcommand(1);
        m_subs = make_policy_subs();
        for (auto& s : m_subs) {
            CLI::App* sub = app.add_subcommand(s->name(), s->summary());
            s->setup(*sub);
            sub->fallthrough();
            m_apps.push_back(sub);
        }
    }

    Result<int> run(Context& ctx) override {
        PolicySub* s = chosen();
        if (!s) return fail(Errc::usage, "policy needs a subcommand", "see mailscope policy --help");
        return s->run(ctx);
    }

private:
    std::vector<std::unique_ptr<PolicySub>> m_subs;
    std::vector<CLI::App*> m_apps;

    PolicySub* chosen() const {
        for (std::size_t i = 0; i < m_apps.size(); ++i)
            if (m_apps[i]->parsed()) return m_subs[i].get();
        return nullptr;
    }
};

} // namespace

std::unique_ptr<Command> make_policy_command() { return std::make_unique<PolicyCommand>(); }

} // namespace ms::cli
