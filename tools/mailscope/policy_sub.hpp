// The subcommands of `mailscope policy`, one file each (policy_*.cpp). Each decides what it
// needs opened and what the permission matrix must allow, as a command does.
#pragma once

#include "cli.hpp"

#include "mailscope/policy/config.hpp"
#include "mailscope/policy/learning.hpp"

#include <memory>
#include <vector>

namespace ms::cli {

class PolicySub {
public:
    virtual ~PolicySub() = default;
    virtual const char* name() const = 0;
    virtual const char* summary() const = 0;
    virtual CaseNeed need() const = 0;
    virtual Action action() const = 0;
    // As Command::user_files().
    virtual bool user_files() const { return false; }
    // Declares the options on the subcommand `policy NAME`.
    virtual void setup(CLI::App& sub) = 0;
    virtual Result<int> run(Context& ctx) = 0;
};

std::unique_ptr<PolicySub> make_policy_test();
std::unique_ptr<PolicySub> make_policy_add();
std::unique_ptr<PolicySub> make_policy_list();
std::unique_ptr<PolicySub> make_policy_learn();
std::unique_ptr<PolicySub> make_policy_suggest();
std::unique_ptr<PolicySub> make_policy_explain();
// Proposed terms (mailscope-policy(1), PROPOSALS): propose, vote, list, adopt, reject.
std::unique_ptr<PolicySub> make_policy_propose();
std::unique_ptr<PolicySub> make_policy_vote();
std::unique_ptr<PolicySub> make_policy_proposals();
std::unique_ptr<PolicySub> make_policy_adopt();
std::unique_ptr<PolicySub> make_policy_reject();

// What `policy learn` and `policy suggest` both start from: the case's directory and
// policies, their compiled patterns (the scan's cached database when there is one), the
// decided flags and the seeded examples' hits. Held on the heap: the rules point into `cfg`.
struct LearningInputs {
    PolicyConfig cfg;
    RuleSet rules;
    std::unique_ptr<Matcher> matcher;
    std::vector<LabelledHit> decisions;
    ExampleHits examples;
    const Directory* dir() const { return cfg.directory ? &*cfg.directory : nullptr; }
};
Result<std::unique_ptr<LearningInputs>> load_learning_inputs(Context& ctx);

// The subcommands in the order `mailscope policy --help` lists them.
std::vector<std::unique_ptr<PolicySub>> make_policy_subs();

} // namespace ms::cli
