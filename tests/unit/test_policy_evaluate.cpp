// Unit tests of policy/evaluate: from hits to findings. Proximity ("near"), exceptions before a
// hit, quoted lines and forwarded sections, allowed phrases cancelling stricter hits, one
// finding per rule per occurrence, spans and snippets in the original text, field names, and
// scopes. Every expected offset is counted by hand in UTF-8 bytes (a Han character is 3).
#include "mailscope/policy/evaluate.hpp"

#include <doctest/doctest.h>

#include <tuple>

using namespace ms;

namespace {

Rule make_rule(std::string id, std::vector<std::string> terms, Tier tier = Tier::approval) {
    Rule r;
    r.policy = "t";
    r.id = std::move(id);
    r.tier = tier;
    r.terms = std::move(terms);
    return r;
}

struct Eval {
    RuleSet rules;
    std::unique_ptr<Matcher> matcher;
    explicit Eval(std::vector<Rule> rs) : rules(build(std::move(rs))) {
        auto m = make_hyperscan_matcher(rules, "");
        REQUIRE_MESSAGE(m, (m ? std::string() : m.error().message));
        matcher = std::move(m).value();
    }
    static RuleSet build(std::vector<Rule> rs) {
        Policy p;
        p.id = "t";
        p.path = "t.toml";
        p.sha256 = "test";
        p.rules = std::move(rs);
        auto r = RuleSet::build({p}, nullptr);
        REQUIRE(r);
        return std::move(r).value();
    }
    std::vector<Finding> fields(const std::vector<FieldText>& f, const Scene& scene = {}) {
        Evaluator e(rules, *matcher);
        auto r = e.evaluate(f, scene);
        REQUIRE(r);
        return std::move(r).value();
    }
    std::vector<Finding> text(const std::string& t, const Scene& scene = {}) {
        return fields({{"body", t}}, scene);
    }
    // (rule id, start, end) of each finding of a body text.
    std::vector<std::tuple<std::string, std::uint32_t, std::uint32_t>> spans(
        const std::string& t, const Scene& scene = {}) {
        std::vector<std::tuple<std::string, std::uint32_t, std::uint32_t>> out;
        for (const auto& f : text(t, scene)) out.emplace_back(rules.rules()[f.rule].id, f.start, f.end);
        return out;
    }
    std::size_t count(const std::string& t) { return text(t).size(); }
};

using Spans = std::vector<std::tuple<std::string, std::uint32_t, std::uint32_t>>;

} // namespace

TEST_CASE("near: the other term within N characters, on either side") {
    Rule r = make_rule("d", {"discount"});
    r.near = {"today"};
    r.near_within = 5;
    Rule c = make_rule("c", {"折扣"});
    c.near = {"今天"};
    c.near_within = 2;
    Eval e({r, c});
    // " 123 " is 5 characters, " 1234 " 6.
    CHECK(e.spans("discount 123 today") == Spans{{"d", 0, 8}});
    CHECK(e.count("discount 1234 today") == 0);
    CHECK(e.spans("today 123 discount") == Spans{{"d", 10, 18}});
    CHECK(e.count("today 1234 discount") == 0);
    CHECK(e.count("discount, today") == 1);
    CHECK(e.count("discount") == 0);
    // Characters, not bytes: two Han characters between are 2, not 6.
    CHECK(e.spans("折扣一二今天") == Spans{{"c", 0, 6}});
    CHECK(e.count("折扣一二三今天") == 0);
    CHECK(e.count("今天一二折扣") == 1);
}

TEST_CASE("exceptions cancel a hit just before it, within the window, on the same line") {
    Rule r = make_rule("low", {"最低价", "lowest price"});
    r.exceptions = {"客户说", "customer said", "不是最低价"};
    r.exception_window = 4;
    Eval e({r});
    CHECK(e.count("客户说这是最低价") == 0);
    CHECK(e.count("客户说一二三四最低价") == 0);            // exactly 4 between
    CHECK(e.spans("客户说一二三四五最低价") == Spans{{"low", 24, 33}}); // 5: too far
    CHECK(e.count("customer said lowest price") == 0);      // " " is 1
    CHECK(e.count("customer said: lowest price") == 0);     // ": " is 2
    CHECK(e.count("customer said, well, lowest price") == 1);
    CHECK(e.count("这不是最低价") == 0);                    // an overlapping exception
    CHECK(e.spans("最低价，客户说") == Spans{{"low", 0, 9}}); // after the hit: no effect
    // An exception on the previous line is not reported speech about this line.
    CHECK(e.spans("customer said\nlowest price") == Spans{{"low", 14, 26}});
}

// A line break between two Han characters is dropped by the normaliser: the line check must
// look at the original text between the end of the exception and the hit.
TEST_CASE("exceptions on the previous line do not cancel a Chinese hit") {
    Rule r = make_rule("low", {"最低价"});
    r.exceptions = {"客户说"};
    r.exception_window = 4;
    Eval e({r});
    CHECK(e.spans("客户说\n最低价") == Spans{{"low", 10, 19}});
    CHECK(e.spans("客户说 \r\n 最低价") == Spans{{"low", 13, 22}});
    CHECK(e.count("客户说，最低价") == 0);
}

TEST_CASE("exceptions belong to their own rule") {
    Rule a = make_rule("a", {"最低价"});
    a.exceptions = {"客户说"};
    Rule b = make_rule("b", {"最低价"});
    Eval e({a, b});
    CHECK(e.spans("客户说最低价") == Spans{{"b", 9, 18}});
}

TEST_CASE("skip_quoted: hits in '>' and '＞' lines do not count unless switched off") {
    Rule on = make_rule("on", {"最低价", "lowest price"});
    Eval e({on});
    CHECK(e.count("> 最低价") == 0);
    CHECK(e.count("＞ 最低价") == 0);
    CHECK(e.count("  > lowest price") == 0);
    CHECK(e.count(">>lowest price") == 0);
    CHECK(e.count("a > b lowest price") == 1);
    // "ok\n" is 3 bytes, "> 最低价\n" 12: the unquoted third line starts at 15.
    CHECK(e.spans("ok\n> 最低价\n最低价") == Spans{{"on", 15, 24}});

    Rule off = make_rule("off", {"最低价", "lowest price"});
    off.skip_quoted = false;
    Eval f({off});
    CHECK(f.spans("ok\n> 最低价\n最低价") == Spans{{"off", 5, 14}, {"off", 15, 24}});
    CHECK(f.count("＞ 最低价") == 1);
}

TEST_CASE("skip_forwarded: hits below an original or forwarded message do not count") {
    Rule on = make_rule("on", {"最低价", "lowest price"});
    Rule off = make_rule("off", {"最低价", "lowest price"});
    off.skip_forwarded = false;
    Eval e({on}), f({off});
    const std::string original = "Please see below.\n-----Original Message-----\n"
                                 "From: a\nlowest price";
    CHECK(e.count(original) == 0);
    CHECK(f.count(original) == 1);

    const std::string before = "lowest price\n-----Original Message-----\nlowest price";
    CHECK(e.spans(before) == Spans{{"on", 0, 12}});
    CHECK(f.count(before) == 2);

    const std::string outlook = "hi\nFrom: Zhang Wei\nSent: Monday, March 17, 2025 9:30 AM\n"
                                "To: x\nSubject: y\n\nlowest price";
    CHECK(e.count(outlook) == 0);
    CHECK(f.count(outlook) == 1);

    const std::string chinese = "好的\n发件人: 张伟\n发送时间: 2025年3月14日\n收件人: 李娜\n最低价";
    CHECK(e.count(chinese) == 0);
    CHECK(f.count(chinese) == 1);
    const std::string chinese_fw = "好的\n发件人：张伟\n发送时间：2025年3月14日\n最低价";
    CHECK(e.count(chinese_fw) == 0);

    const std::string gmail = "see\n---------- Forwarded message ---------\nlowest price";
    CHECK(e.count(gmail) == 0);

    // "From:" without a "Sent:"/"Date:" soon after is just text.
    CHECK(e.count("From: the sales desk\nlowest price") == 1);
}

TEST_CASE("forwarded_from and in_quoted_line") {
    CHECK(forwarded_from("a\n-----Original Message-----\nb") == 2);
    CHECK(forwarded_from("no marker") == 9);
    CHECK(forwarded_from("x\nFrom: a\nTo: b\nDate: c\n") == 2);
    const std::string far = "x\nFrom: a\nTo: b\nCc: c\nSubject: s\nDate: c\n"; // Date too far
    CHECK(forwarded_from(far) == far.size());
    CHECK(in_quoted_line("a\n> b", 4));
    CHECK(in_quoted_line("a\n> b", 2));
    CHECK_FALSE(in_quoted_line("a\n> b", 0));
    CHECK(in_quoted_line("\t＞x", 4));
}

TEST_CASE("an allowed phrase cancels the stricter hits it overlaps, and only those") {
    Rule f = make_rule("low", {"最低价"}, Tier::forbidden);
    Rule a = make_rule("not-low", {"不是最低价"}, Tier::allowed);
    Eval e({f, a});
    // 这 0..2, 不是最低价 3..17, 。 18..20, 但是 21..26, 最低价 27..35.
    CHECK(e.spans("这不是最低价。但是最低价") == Spans{{"not-low", 3, 18}, {"low", 27, 36}});
    CHECK(e.spans("最低价") == Spans{{"low", 0, 9}});
}

TEST_CASE("one finding per rule per non-overlapping occurrence, the longest at a start") {
    Eval e({make_rule("r", {"最低价", "低价", "价"}), make_rule("a", {"哈哈"}),
            make_rule("p", {"lowest", "lowest price", "price"})});
    CHECK(e.spans("最低价") == Spans{{"r", 0, 9}});
    CHECK(e.spans("哈哈哈哈") == Spans{{"a", 0, 6}, {"a", 6, 12}});
    CHECK(e.spans("哈哈哈") == Spans{{"a", 0, 6}});
    CHECK(e.spans("price lowest") == Spans{{"p", 0, 5}, {"p", 6, 12}});
    CHECK(e.spans("lowest price") == Spans{{"p", 0, 12}});
    auto f = e.text("lowest price");
    REQUIRE(f.size() == 1);
    CHECK(f[0].matched == "lowest price");
    // Different rules each report the same text.
    Eval two({make_rule("x", {"最低价"}), make_rule("y", {"低价"})});
    CHECK(two.spans("最低价") == Spans{{"x", 0, 9}, {"y", 3, 9}});
}

TEST_CASE("spans and matched text are in the original text") {
    Eval e({make_rule("low", {"最低价", "15%"})});
    // 最 0..2 ' ' 3 低 4..6 ' ' 7 价 8..10 ？ 11..13: the match ends after 价.
    auto f = e.text("最 低 价？如果");
    REQUIRE(f.size() == 1);
    CHECK(f[0].start == 0);
    CHECK(f[0].end == 11);
    CHECK(f[0].matched == "最 低 价");
    f = e.text("请给最低价？");
    REQUIRE(f.size() == 1);
    CHECK(f[0].start == 6);
    CHECK(f[0].end == 15);
    CHECK(f[0].matched == "最低价");
    f = e.text("优惠１５％！");
    REQUIRE(f.size() == 1);
    CHECK(f[0].start == 6);
    CHECK(f[0].end == 15);
    CHECK(f[0].matched == "１５％");
    f = e.text("最\n低\n价");
    REQUIRE(f.size() == 1);
    CHECK(f[0].matched == "最\n低\n价");
}

TEST_CASE("snippets: the match in « », one line of context, … where cut") {
    Eval e({make_rule("p", {"lowest price", "最低价"})});
    auto one = [&](const std::string& t) {
        auto f = e.text(t);
        REQUIRE(f.size() == 1);
        return f[0].snippet;
    };
    CHECK(one("line one\nfoo lowest price bar\nline three") == "foo «lowest price» bar");
    std::string before, after;
    for (int i = 0; i < 5; ++i) before += "0123456789", after += "abcdefghij";
    before += " ";           // 51 characters
    after = " " + after;     // 51 characters
    CHECK(one(before + "lowest price" + after) ==
          "…" + before.substr(21) + "«lowest price»" + after.substr(0, 30) + "…");
    // Exactly 30 characters either side: nothing is cut.
    CHECK(one(before.substr(21) + "lowest price" + after.substr(0, 30)) ==
          before.substr(21) + "«lowest price»" + after.substr(0, 30));
    // A match across a line break stays on one line.
    CHECK(one("a 最\n低价 b") == "a «最 低价» b");
    // Characters, not bytes, on the Chinese side.
    std::string han40, han30;
    for (int i = 0; i < 40; ++i) han40 += "一";
    for (int i = 0; i < 30; ++i) han30 += "一";
    CHECK(one(han40 + "最低价") == "…" + han30 + "«最低价»");
    CHECK(one("a\tlowest price\nnext") == "a «lowest price»");
    CHECK(one("x\ry lowest price") == "x y «lowest price»");
}

TEST_CASE("English terms are whole words, an inflection aside; Chinese terms are not") {
    Eval e({make_rule("cash", {"cash"}), make_rule("pct", {"15%"}), make_rule("cn", {"现金"}),
            make_rule("mixed", {"A股"})});
    CHECK(e.spans("cash") == Spans{{"cash", 0, 4}});
    CHECK(e.count("cashback") == 0);
    CHECK(e.count("ecash") == 0);
    CHECK(e.count("cash_") == 0);
    CHECK(e.count("cash2") == 0);
    CHECK(e.spans("Cash, cash.") == Spans{{"cash", 0, 4}, {"cash", 6, 10}});
    CHECK(e.spans("付cash款") == Spans{{"cash", 3, 7}}); // Han characters are not word characters
    // An inflection that ends the word is taken into the span.
    CHECK(e.spans("cashed cashes cashing cashs") ==
          Spans{{"cash", 0, 6}, {"cash", 7, 13}, {"cash", 14, 21}, {"cash", 22, 27}});
    CHECK(e.count("cashings") == 0);
    CHECK(e.count("casher") == 0);
    auto f = e.text("they cashed it");
    REQUIRE(f.size() == 1);
    CHECK(f[0].matched == "cashed");
    // A term ending in a sign has no end edge; one starting with a digit has a start edge.
    CHECK(e.spans("15%x") == Spans{{"pct", 0, 3}});
    CHECK(e.count("x15%") == 0);
    CHECK(e.spans("给15%") == Spans{{"pct", 3, 6}});
    // Chinese terms are found inside longer text.
    CHECK(e.spans("付现金款") == Spans{{"cn", 3, 9}});
    CHECK(e.count("xA股") == 0);
    CHECK(e.spans("A股票") == Spans{{"mixed", 0, 4}});
}

TEST_CASE("findings keep their field names and field-relative offsets") {
    Eval e({make_rule("low", {"lowest price", "最低价"})});
    auto f = e.fields({{"subject", "Lowest price inside"},
                       {"body", "最低价"},
                       {"attachment:quote.txt", "x 最低价"},
                       {"attachment:empty.txt", ""}});
    REQUIRE(f.size() == 3);
    CHECK(f[0].field == "subject");
    CHECK(f[0].start == 0);
    CHECK(f[0].end == 12);
    CHECK(f[0].matched == "Lowest price");
    CHECK(f[1].field == "body");
    CHECK(f[1].start == 0);
    CHECK(f[1].end == 9);
    CHECK(f[2].field == "attachment:quote.txt");
    CHECK(f[2].start == 2);
    CHECK(f[2].end == 11);
}

TEST_CASE("scopes: roles and departments of the sender, the direction of the message") {
    Directory dir;
    dir.work_domains = {"co.example"};
    dir.departments = {{"sales", "Sales", 0}, {"finance", "Finance", 0}};
    Person emp, mgr, fin;
    emp.email = "emp@co.example";
    emp.department = "sales";
    mgr.email = "mgr@co.example";
    mgr.department = "sales";
    mgr.role = Role::manager;
    fin.email = "fin@co.example";
    fin.department = "finance";
    dir.people = {emp, mgr, fin};
    dir.index();

    Rule by_role = make_rule("role", {"最低价"});
    by_role.scope.roles = {Role::manager};
    Rule by_dept = make_rule("dept", {"最低价"});
    by_dept.scope.departments = {"finance"};
    Rule by_dir = make_rule("out", {"最低价"});
    by_dir.scope.directions = {Direction::outbound};
    Rule both = make_rule("emp-out", {"最低价"});
    both.scope.roles = {Role::employee};
    both.scope.directions = {Direction::outbound, Direction::internal};
    Rule all = make_rule("all", {"最低价"});
    Eval e({by_role, by_dept, by_dir, both, all});
    auto ids = [&](const Scene& s) {
        std::vector<std::string> out;
        for (const auto& f : e.text("最低价", s)) out.push_back(e.rules.rules()[f.rule].id);
        return out;
    };
    using V = std::vector<std::string>;
    CHECK(ids(classify(&dir, "emp@co.example", {"buyer@customer.example"}, std::nullopt)) ==
          V{"out", "emp-out", "all"});
    CHECK(ids(classify(&dir, "mgr@co.example", {"emp@co.example"}, std::nullopt)) ==
          V{"role", "all"});
    CHECK(ids(classify(&dir, "fin@co.example", {"emp@co.example"}, std::nullopt)) ==
          V{"dept", "emp-out", "all"});
    CHECK(ids(classify(&dir, "buyer@customer.example", {"emp@co.example"}, std::nullopt)) ==
          V{"all"});
    CHECK(ids(classify(nullptr, "emp@co.example", {"x@y.example"}, std::nullopt)) == V{"all"});
    // A work address missing from the people list has no role or department.
    CHECK(ids(classify(&dir, "temp@co.example", {"x@y.example"}, std::nullopt)) ==
          V{"out", "all"});

    Evaluator ev(e.rules, *e.matcher);
    Scene s = classify(&dir, "mgr@co.example", {"x@y.example"}, std::nullopt);
    CHECK(ev.applies(by_role, s));
    CHECK_FALSE(ev.applies(by_dept, s));
    CHECK(ev.applies(by_dir, s));
    CHECK_FALSE(ev.applies(both, s));
    CHECK(ev.applies(all, s));
}

TEST_CASE("make_snippet directly") {
    CHECK(make_snippet("abc", 1, 2) == "a«b»c");
    CHECK(make_snippet("abcdef", 2, 4, 1) == "…b«cd»e…");
    CHECK(make_snippet("ab\ncd\nef", 3, 5) == "«cd»");
    CHECK(make_snippet("abc", 3, 3) == "abc«»");
}
