// Unit tests of the matchers: the Hyperscan matcher must report exactly the hits of the plain
// reference matcher (std::string::find, std::regex) on a few hundred pseudo-random texts that
// mix English, Chinese and the terms themselves; start offsets (SOM) of overlapping terms; the
// database cache; and compile errors that name the rule.
#include "mailscope/policy/matcher.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <algorithm>
#include <filesystem>
#include <random>
#include <tuple>

using namespace ms;

namespace {

Rule make_rule(std::string id, std::vector<std::string> terms, std::vector<std::string> regexes = {}) {
    Rule r;
    r.policy = "t";
    r.id = std::move(id);
    r.tier = Tier::approval;
    r.terms = std::move(terms);
    r.regexes = std::move(regexes);
    r.line = 7;
    return r;
}

RuleSet build(std::vector<Rule> rules) {
    Policy p;
    p.id = "t";
    p.path = "t.toml";
    p.sha256 = "test";
    p.rules = std::move(rules);
    auto rs = RuleSet::build({p}, nullptr);
    REQUIRE_MESSAGE(rs, (rs ? std::string() : rs.error().message));
    return std::move(rs).value();
}

using HitKey = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>;

std::vector<HitKey> run(Matcher& m, std::string_view text) {
    std::vector<Hit> hits;
    auto r = m.scan(text, hits);
    REQUIRE(r);
    std::vector<HitKey> out;
    for (const Hit& h : hits) out.emplace_back(h.pattern, h.start, h.end);
    std::sort(out.begin(), out.end());
    return out;
}

std::unique_ptr<Matcher> hyperscan(const RuleSet& rs, const std::string& cache = "") {
    auto m = make_hyperscan_matcher(rs, cache);
    REQUIRE_MESSAGE(m, (m ? std::string() : m.error().message));
    return std::move(m).value();
}

const std::vector<std::string> k_pieces = {
    "the",  "Price", "list",   "lowest", "discount", "ship", "shipping", "shipped", "we",
    "offer", "TODAY", "aa",    "a",      "15",       "%",    "１５％",   "最",       "低",
    "价",   "最低价", "低价",  "折扣",   "今天",     "价格", "表",       "我们",     "的",
    "最低價", "Ｐｒｉｃｅ",   "lowest price", "price list", "pricelist", "ß"};
const std::vector<std::string> k_separators = {" ", " ", " ", "", "\n", "，", "。", "  ", "\t"};

// A deterministic text of 1..80 pieces; std::mt19937's raw output is the same everywhere.
std::string random_text(std::mt19937& rng) {
    std::string s;
    std::size_t n = 1 + rng() % 80;
    for (std::size_t i = 0; i < n; ++i) {
        s += k_pieces[rng() % k_pieces.size()];
        s += k_separators[rng() % k_separators.size()];
    }
    return s;
}

} // namespace

TEST_CASE("Hyperscan and the reference matcher agree on pseudo-random texts") {
    RuleSet rs = build({
        make_rule("price", {"lowest price", "price", "price list", "PRICE"}),
        make_rule("cn", {"最低价", "低价", "折扣", "价格表", "今天"}),
        make_rule("misc", {"aa", "ship", "15%", "ss", "the lowest"}),
        make_rule("rx", {}, {"[0-9]+%", "ship(ping|ped)", "price ?list", "lowest [a-z]+ ?%"}),
    });
    REQUIRE(rs.patterns().size() == 18);
    auto hs = hyperscan(rs);
    auto ref = make_reference_matcher(rs);
    std::mt19937 rng(20250314);
    std::size_t total = 0, texts_with_hits = 0;
    for (int i = 0; i < 400; ++i) {
        std::string text = rs.normalizer().normalize(random_text(rng));
        auto a = run(*hs, text);
        auto b = run(*ref, text);
        INFO("text #" << i << ": " << text);
        CHECK(a == b);
        total += a.size();
        texts_with_hits += !a.empty();
    }
    // The texts must exercise the patterns, not just agree on nothing.
    CHECK(total > 2000);
    CHECK(texts_with_hits > 350);
}

TEST_CASE("overlapping terms are all reported, with their own start offsets") {
    RuleSet rs = build({make_rule("a", {"最低价"}), make_rule("b", {"低价"}),
                        make_rule("c", {"aa"}), make_rule("d", {"lowest price", "price"})});
    auto hs = hyperscan(rs);
    // 我们给您 is 12 bytes: 最低价 spans [12, 21), 低价 [15, 21).
    CHECK(run(*hs, "我们给您最低价") == std::vector<HitKey>{{0, 12, 21}, {1, 15, 21}});
    // Every occurrence, overlapping ones included.
    CHECK(run(*hs, "aaaa") == std::vector<HitKey>{{2, 0, 2}, {2, 1, 3}, {2, 2, 4}});
    CHECK(run(*hs, "the lowest price") == std::vector<HitKey>{{3, 4, 16}, {4, 11, 16}});
    CHECK(run(*hs, "").empty());
    CHECK(run(*hs, "nothing here").empty());
    auto ref = make_reference_matcher(rs);
    CHECK(run(*ref, "我们给您最低价") == std::vector<HitKey>{{0, 12, 21}, {1, 15, 21}});
}

TEST_CASE("terms are normalised like the text; punctuation in terms is literal") {
    RuleSet rs = build({make_rule("a", {"１５％ OFF", "最 低 价", "a.b", "(x)"})});
    REQUIRE(rs.patterns().size() == 4);
    CHECK(rs.patterns()[0].expression == "15% off");
    CHECK(rs.patterns()[1].expression == "最低价");
    CHECK(rs.patterns()[0].literal);
    auto hs = hyperscan(rs);
    CHECK(run(*hs, "15% off") == std::vector<HitKey>{{0, 0, 7}});
    CHECK(run(*hs, "a.b axb") == std::vector<HitKey>{{2, 0, 3}}); // '.' is not "any"
    CHECK(run(*hs, "(x) x") == std::vector<HitKey>{{3, 0, 3}});
}

TEST_CASE("the compiled database is cached and a damaged cache is recompiled") {
    TempDir t;
    RuleSet rs = build({make_rule("a", {"最低价", "lowest"})});
    std::string cache = t.path + "/cache";
    auto first = hyperscan(rs, cache);
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(cache)) files.push_back(e.path());
    REQUIRE(files.size() == 1);
    CHECK(files[0].filename().string().rfind("hs-", 0) == 0);
    CHECK(files[0].extension() == ".db");
    auto second = hyperscan(rs, cache);
    CHECK(run(*second, "lowest 最低价") == run(*first, "lowest 最低价"));
    CHECK(run(*second, "lowest 最低价").size() == 2);
    t.file("cache/" + files[0].filename().string(), "not a database");
    auto third = hyperscan(rs, cache);
    CHECK(run(*third, "lowest 最低价").size() == 2);
}

TEST_CASE("a regex Hyperscan cannot compile names the policy file, line and rule") {
    RuleSet rs = build({make_rule("ok", {"x"}), make_rule("broken", {}, {"(unclosed"})});
    auto m = make_hyperscan_matcher(rs, "");
    REQUIRE_FALSE(m);
    CHECK(m.error().message.find("t.toml:7: rule broken: regex '(unclosed'") != std::string::npos);
}
