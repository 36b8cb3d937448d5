// Learning from compliance's decisions: a model of the context around a hit (the words before
// and after it, quoted or forwarded text, reported speech, negation, questions, signatures,
// the sender's role) trained on confirmed and dismissed flags, that scores new hits with the
// probability that they are false positives. Scores only order and mark flags: a flag is never
// dropped because of them (mailscope-policy(1), LEARNING).
//
// The model is a Bernoulli naive Bayes over binary context features with equal class priors
// (a rule that is mostly dismissed does not make its next true hit look false a priori). Each
// hit's features include its rule's own copies of the cue features, so a rule learns from its
// own decisions and borrows what negation or reported speech mean from the others.
#pragma once

#include "mailscope/org/directory.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ms {

// Where a hit is: the decoded text of its field and the hit's byte span.
struct HitSite {
    std::string_view text;
    std::string_view field;       // "subject", "body", an attachment
    std::size_t start = 0, end = 0;
    const Person* sender = nullptr;
    std::string rule;             // "policy/rule"
};

// The binary features of a hit's context, sorted and unique.
std::vector<std::string> context_features(const HitSite& site);

// A hit is a likely false positive at this probability or above.
inline constexpr double k_likely_fp = 0.9;
// Without a context cue (negation, reported speech, a question, quotation marks, quoted,
// forwarded or attributed text, a signature) that the decisions tie to false alarms, the
// probability is capped here: word statistics alone never mark a hit.
inline constexpr double k_uncued_cap = 0.5;

// Whether a feature is a context cue ("cue:negation", "ctx:signature", "policy/rule|cue:...").
bool is_cue(std::string_view feature);
// Fewer decisions than this of either kind train nothing.
inline constexpr int k_min_decisions = 3;

class ContextModel {
public:
    struct Counts {
        int confirmed = 0, dismissed = 0;
    };

    // One decision: the features of a confirmed (true) or dismissed (false alarm) hit.
    void add(const std::vector<std::string>& features, bool dismissed);
    int confirmed() const { return m_confirmed; }
    int dismissed() const { return m_dismissed; }
    // Enough decisions of both kinds to say anything.
    bool trained() const {
        return m_confirmed >= k_min_decisions && m_dismissed >= k_min_decisions;
    }
    // P(false positive | features), capped at k_uncued_cap without a supporting cue; none
    // when not trained.
    std::optional<double> fp_probability(const std::vector<std::string>& features) const;
    // The features that pushed a score most towards "false positive", strongest first.
    std::vector<std::string> reasons(const std::vector<std::string>& features,
                                     std::size_t n = 3) const;

    // A line-oriented text form for the case (context_models.model); parse() reads it back.
    std::string serialize() const;
    static std::optional<ContextModel> parse(std::string_view text);

private:
    // Log-likelihood ratio of a present feature (log p_fp - log p_tp, each against its absence),
    // or none when the feature is too rare to count.
    std::optional<double> weight(const Counts& c) const;
    void prepare() const;

    std::map<std::string, Counts, std::less<>> m_features;
    int m_confirmed = 0, m_dismissed = 0;
    mutable bool m_ready = false;
    mutable double m_base = 0;  // sum over the vocabulary of log(1-p_fp) - log(1-p_tp)
};

} // namespace ms
