// Unit tests of learning from decisions: the context features of a hit, the naive Bayes
// model (training, probabilities, its stored form), the recall guard of train_model, and the
// exceptions suggest_exceptions derives from dismissals.
#include "mailscope/policy/context_model.hpp"
#include "mailscope/policy/learning.hpp"
#include "mailscope/policy/suggest.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace ms;

namespace {

std::vector<std::string> features_at(const std::string& text, const std::string& hit,
                                     const std::string& rule = "p/r", const Person* who = nullptr) {
    std::size_t at = text.find(hit);
    REQUIRE(at != std::string::npos);
    return context_features(HitSite{text, "body", at, at + hit.size(), who, rule});
}

bool has(const std::vector<std::string>& f, const std::string& x) {
    return std::find(f.begin(), f.end(), x) != f.end();
}

} // namespace

TEST_CASE("context features: words around the hit within its sentence") {
    auto f = features_at("Thanks for the call. We will give you the lowest price on resin. See you",
                         "lowest price");
    CHECK(has(f, "b1:the"));
    CHECK(has(f, "b2:you"));
    CHECK(has(f, "b:give"));
    CHECK(has(f, "a1:on"));
    CHECK(has(f, "a:resin"));
    CHECK_FALSE(has(f, "b:call"));  // the previous sentence
    CHECK_FALSE(has(f, "a:see"));   // the next one
    CHECK(has(f, "field:body"));
    CHECK(has(f, "rule:p/r"));
    CHECK(has(f, "role:none"));
    CHECK(has(f, "p/r|field:body"));
    CHECK(std::is_sorted(f.begin(), f.end()));
    CHECK(std::adjacent_find(f.begin(), f.end()) == f.end());
    // No cue in a plain promise... but "will" is a conditional/modal cue word.
    CHECK_FALSE(has(f, "cue:negation"));
    CHECK_FALSE(has(f, "cue:reported"));
    CHECK_FALSE(has(f, "cue:question"));
}

TEST_CASE("context features: the cues") {
    CHECK(has(features_at("There is no way we go down to the lowest price.", "lowest price"),
              "cue:negation"));
    CHECK(has(features_at("We won't go to the lowest price.", "lowest price"), "cue:negation"));
    CHECK(has(features_at("Your buyer mentioned the lowest price from Acme.", "lowest price"),
              "cue:reported"));
    CHECK(has(features_at("Is that the lowest price you have?", "lowest price"), "cue:question"));
    CHECK(has(features_at("He wrote \"best deal, lowest price\" in the ad.", "lowest price"),
              "cue:quotes"));
    CHECK(has(features_at("> we offer the lowest price\n", "lowest price"), "ctx:quoted"));
    CHECK(has(features_at("Hi\n\n-----Original Message-----\nFrom: x\nSent: y\n\nlowest price\n",
                          "lowest price"),
              "ctx:forwarded"));
    CHECK(has(features_at("Hi Bob.\n\nBest regards,\nZhang Wei\nHaiNa | lowest prices\n",
                          "lowest price"),
              "ctx:signature"));
    CHECK(has(features_at("See below.\n--\nHaiNa | lowest prices\n", "lowest price"),
              "ctx:signature"));
    CHECK(has(features_at("See below.\n\nOn Monday, Li Ming wrote:\nCan we get the lowest price\n",
                          "lowest price"),
              "ctx:attribution"));
    auto zh = features_at("您好。客户问我们能不能给最低价。谢谢", "最低价");
    CHECK(has(zh, "cue:reported"));
    CHECK(has(zh, "cue:negation"));  // 不 in 能不能
    CHECK(has(zh, "b:客户"));
    CHECK(has(zh, "b1:给"));
    CHECK_FALSE(has(zh, "b:您好"));
    CHECK(has(features_at("这个价格是最低价吗", "最低价"), "cue:question"));

    Person p;
    p.email = "a@co.example";
    p.role = Role::employee;
    p.department = "sales";
    auto fr = features_at("the lowest price", "lowest price", "p/r", &p);
    CHECK(has(fr, "role:employee"));
    CHECK(has(fr, "dept:sales"));
    // A hit at the very end or start of a field.
    CHECK(has(features_at("lowest price", "lowest price"), "pos:sentence-start"));
}

TEST_CASE("the model learns which contexts compliance dismisses") {
    ContextModel m;
    CHECK_FALSE(m.trained());
    for (int i = 0; i < 5; ++i) m.add({"common", "b:give", "role:sales"}, false);
    for (int i = 0; i < 2; ++i) m.add({"common", "cue:reported", "b:mentioned"}, true);
    CHECK_FALSE(m.trained());  // two dismissals are not enough
    CHECK_FALSE(m.fp_probability({"common"}).has_value());
    m.add({"common", "cue:reported", "b:said"}, true);
    REQUIRE(m.trained());
    CHECK(m.confirmed() == 5);
    CHECK(m.dismissed() == 3);
    auto fp = m.fp_probability({"common", "cue:reported", "b:mentioned"});
    auto tp = m.fp_probability({"common", "b:give", "role:sales"});
    REQUIRE(fp);
    REQUIRE(tp);
    CHECK(*fp >= k_likely_fp);
    CHECK(*tp < 0.1);
    // Equal priors: a context the model knows nothing about is neither.
    auto unknown = m.fp_probability({"never-seen"});
    REQUIRE(unknown);
    // Absent evidence of both kinds still counts (Bernoulli): between the two.
    CHECK(*unknown > *tp);
    CHECK(*unknown < *fp);
    // A feature seen once says nothing: "b:said" adds no weight of its own.
    CHECK(*m.fp_probability({"common", "cue:reported", "b:said"}) ==
          doctest::Approx(*m.fp_probability({"common", "cue:reported"})));
    auto why = m.reasons({"common", "cue:reported", "b:mentioned"});
    REQUIRE(!why.empty());
    CHECK((why[0] == "cue:reported" || why[0] == "b:mentioned"));

    auto copy = ContextModel::parse(m.serialize());
    REQUIRE(copy);
    CHECK(copy->confirmed() == 5);
    CHECK(copy->dismissed() == 3);
    CHECK(*copy->fp_probability({"common", "cue:reported", "b:mentioned"}) == doctest::Approx(*fp));
    CHECK_FALSE(ContextModel::parse("garbage").has_value());
    CHECK_FALSE(ContextModel::parse("").has_value());
    CHECK_FALSE(ContextModel::parse("mailscope-context-model 1\t1\n").has_value());
}

namespace {

LabelledHit hit(const std::string& rule, bool positive, std::vector<std::string> f,
                std::int64_t flag = 0, std::string before = "") {
    LabelledHit h;
    h.rule = rule;
    h.positive = positive;
    h.features = std::move(f);
    h.flag_id = flag;
    h.origin = flag ? "flag " + std::to_string(flag) : "x.toml:1";
    h.before = std::move(before);
    return h;
}

} // namespace

TEST_CASE("the recall guard: a rule uses the model only if every must-find hit stays found") {
    std::vector<LabelledHit> decisions;
    for (int i = 0; i < 4; ++i) decisions.push_back(hit("p/a", true, {"b:give"}, 10 + i));
    for (int i = 0; i < 4; ++i) decisions.push_back(hit("p/a", false, {"cue:reported"}, 20 + i));
    std::vector<LabelledHit> examples{
        hit("p/a", true, {"b:give"}),
        // p/b's seeded example reads like the dismissed ones: the model would hide it.
        hit("p/b", true, {"cue:reported"}),
        hit("p/c", false, {"cue:reported"}),  // a negative example is no must-find hit
    };
    auto m = train_model(decisions, examples, {"p/a", "p/b", "p/c", "p/d"}, 1000);
    CHECK(m.trained_at == 1000);
    REQUIRE(m.rules.size() == 4);
    CHECK(m.rules["p/a"].used);
    CHECK(m.rules["p/a"].checks == 5);  // one example, four confirmed flags
    CHECK(m.rules["p/a"].checks_kept == 5);
    CHECK(m.rules["p/a"].confirmed == 4);
    CHECK(m.rules["p/a"].dismissed == 4);
    CHECK_FALSE(m.rules["p/b"].used);
    CHECK(m.rules["p/b"].reason.find("would lose recall: 1 of 1") != std::string::npos);
    CHECK(m.rules["p/b"].reason.find("x.toml:1") != std::string::npos);
    CHECK_FALSE(m.rules["p/c"].used);  // nothing to show recall on
    CHECK(m.rules["p/c"].reason.find("no seeded example") != std::string::npos);
    CHECK_FALSE(m.rules["p/d"].used);
    CHECK(m.used_for("p/a"));
    CHECK_FALSE(m.used_for("p/b"));
    CHECK_FALSE(m.used_for("p/zzz"));
    CHECK(m.score("p/a", {"cue:reported"}).value() >= k_likely_fp);
    CHECK_FALSE(m.score("p/b", {"cue:reported"}).has_value());

    // Too few decisions: nothing is used, and the reason says so.
    auto small = train_model({decisions[0], decisions[4]}, examples, {"p/a"}, 0);
    CHECK_FALSE(small.rules["p/a"].used);
    CHECK(small.rules["p/a"].reason.find("not enough decisions") != std::string::npos);
}

TEST_CASE("suggested exceptions come from dismissals and spare must-find hits") {
    Policy p;
    p.id = "en";
    p.path = "en.toml";
    Rule r;
    r.policy = "en";
    r.id = "lowest";
    r.terms = {"lowest price"};
    r.exceptions = {"cannot"};
    r.exception_window = 45;
    p.rules.push_back(r);
    auto rules = RuleSet::build({p}, nullptr);
    REQUIRE(rules);

    std::vector<LabelledHit> decisions{
        hit("en/lowest", false, {}, 1, "Your purchasing manager mentioned that Acme has the "),
        hit("en/lowest", false, {}, 2, "The buyer mentioned that they saw the "),
        hit("en/lowest", false, {}, 3, "Bob mentioned that Acme cannot match the "),
        hit("en/lowest", true, {}, 4, "I confirm that we give you the "),
        hit("en/other", false, {}, 5, "mentioned that the "),  // a rule not in the policies
    };
    std::vector<LabelledHit> examples{hit("en/lowest", true, {}, 0, "We promise that you get the ")};
    auto s = suggest_exceptions(*rules, decisions, examples);
    REQUIRE(!s.empty());
    // "mentioned that" stands before all three dismissals; "that" alone would also hit the
    // confirmed flag and the example, and "mentioned" is inside the longer phrase that
    // silences the same flags.
    CHECK(s[0].rule == "en/lowest");
    CHECK(s[0].phrase == "mentioned that");
    CHECK(s[0].dismissed == std::vector<std::int64_t>{1, 2, 3});
    for (const auto& x : s) {
        CHECK(x.phrase != "that");
        CHECK(x.phrase != "mentioned");
        CHECK(x.phrase != "cannot");  // already an exception
        CHECK(x.rule != "en/other");
        CHECK(x.dismissed.size() >= 2);
    }
    // Chinese: runs of characters.
    std::vector<LabelledHit> zh{
        hit("en/lowest", false, {}, 7, "客户反馈竞争对手报了"),
        hit("en/lowest", false, {}, 8, "他们反馈竞争对手给的"),
    };
    auto t = suggest_exceptions(*rules, zh, {});
    REQUIRE(!t.empty());
    CHECK(t[0].phrase == "反馈竞争对手");
    CHECK(t[0].dismissed == std::vector<std::int64_t>{7, 8});
    CHECK(suggest_exceptions(*rules, zh, {}, 3).empty());
}
