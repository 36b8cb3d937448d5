// Training the context model on the case's decisions, the recall guard, and scoring flags.
//
// A rule uses the model only when the guard passes for it: every seeded example the rule must
// find, and every flag of it compliance confirmed, still scores below k_likely_fp. A rule
// with nothing to show recall on (no seeded positive example, no confirmed flag) does not use
// the model either: a model that cannot be shown to keep recall is not used.
#pragma once

#include "mailscope/policy/context_model.hpp"
#include "mailscope/policy/matcher.hpp"
#include "mailscope/policy/ruleset.hpp"
#include "mailscope/store/flags.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ms {

// "policy/rule": how flags, models and checks name a rule.
std::string rule_key(const std::string& policy, const std::string& rule);

// A hit with a known answer: a decided flag, or a finding of a seeded example.
struct LabelledHit {
    std::string rule;                   // rule_key
    bool positive = false;              // confirmed, or expected by the example
    std::vector<std::string> features;
    std::string origin;                 // "flag 12", "sales-zh.toml:57"
    std::int64_t flag_id = 0;           // decided flags
    std::string before;                 // the hit's line up to the hit (its last 80 characters)
};

// What the guard decided for one rule.
struct RuleLearning {
    std::string rule;
    int confirmed = 0, dismissed = 0;   // decisions on this rule's flags
    int checks = 0;                     // seeded positive examples and confirmed flags
    int checks_kept = 0;                // of those, scored below the likely-FP line
    bool used = false;
    std::string reason;                 // why not used, or what it was checked on
};

class LearnedModel {
public:
    ContextModel model;
    std::map<std::string, RuleLearning> rules;   // by rule_key
    std::int64_t trained_at = 0;

    bool used_for(const std::string& rule) const;
    // P(false positive) for a hit of `site.rule`; none when the model is not used for it.
    std::optional<double> score(const HitSite& site) const;
    std::optional<double> score(const std::string& rule, const std::vector<std::string>& f) const;
};

// The text of the line holding `start` up to it, at most its last 80 characters.
std::string line_before(std::string_view text, std::size_t start);

// Decided flags (confirmed or dismissed) with their features, read from the stored texts.
Result<std::vector<LabelledHit>> decided_flags(Db& db, const Directory* dir);

// Findings of every policy example, labelled by whether the example expects that rule, and
// the expected rules an example does not find (positive, no features: a miss before learning).
struct ExampleHits {
    std::vector<LabelledHit> found;
    std::vector<LabelledHit> missed;
};
Result<ExampleHits> example_hits(const RuleSet& rules, Matcher& matcher, const Directory* dir);

// Trains on the decisions and runs the recall guard on the examples and confirmed flags, for
// each of `rule_keys` (and any rule the decisions name).
LearnedModel train_model(const std::vector<LabelledHit>& decisions,
                         const std::vector<LabelledHit>& examples,
                         const std::vector<std::string>& rule_keys, std::int64_t now);

// Confirmed flags that `rules` would no longer find (same rule, field and offset): what a
// change to the policies (an accepted exception) would lose. Returns their ids.
Result<std::vector<std::int64_t>> confirmed_lost(Db& db, const RuleSet& rules, Matcher& matcher,
                                                 const Directory* dir);

// The case's model (context_models), or none when nothing was learned yet.
Result<std::optional<LearnedModel>> load_model(Db& db);
Result<void> save_model(Db& db, const LearnedModel& m);

// Re-scores the flags still in the queue (open, appealed, escalated). Counts returned.
struct RescoreStats {
    std::uint64_t scored = 0, likely_fp = 0, cleared = 0;
};
Result<RescoreStats> rescore_flags(Db& db, const Directory* dir, const LearnedModel* m);

} // namespace ms
