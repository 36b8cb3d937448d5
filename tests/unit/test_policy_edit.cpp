// Unit tests of policy/policy_edit: adding a value to and removing one from a rule's string
// array keeps every other byte of the file (comments, layout), writes the history comment
// above the key, escapes what TOML needs escaped, and refuses (leaving the file alone) an
// unknown rule, a value already there or missing, and an edit that breaks the policy. The
// expected files are written out in full.
#include "mailscope/policy/policy.hpp"
#include "mailscope/policy/policy_edit.hpp"
#include "mailscope/util/fs.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <sys/stat.h>

using namespace ms;

namespace {

const std::string k_fixture = R"(# A small phrase library for the edit tests.
[policy]
id = "edit-fixture"
name = "Edit fixture"

[defaults]
exception_window = 20

# --- Promises ---

[[rule]]
id = "one-line"
tier = "approval"
# the phrases
terms = ["最低价", "底价"]  # on one line
exceptions = ["不能"]

[[rule]]
id = "wrapped"
tier = "approval"
terms = ["终身保修", "终生保修",
         "永久保修"]
exceptions = [
    "严禁",
    "客户说",  # reported speech
]

[[rule]]
id = "regex-only"
tier = "forbidden"
regex = ['\d+%\s*回扣']
actions = ["notify"]

[[rule]]
id = "one-string"
tier = "approval"
terms = "保修一辈子"

[[example]]
text = "这是最低价"
expect = ["one-line"]
)";

const std::string k_path = "edit-fixture.toml";

// The fixture with `from` replaced by `to` (each must occur exactly once).
std::string with(std::string text, const std::string& from, const std::string& to) {
    std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    REQUIRE(text.find(from, at + 1) == std::string::npos);
    return text.replace(at, from.size(), to);
}

std::string added(const std::string& text, const std::string& rule, const std::string& key,
                  const std::string& value, const std::string& history) {
    auto r = add_to_rule_array_text(k_path, text, rule, key, value, history);
    REQUIRE_MESSAGE(r, (r ? "" : r.error().message + " / " + r.error().hint));
    return *r;
}

std::string removed(const std::string& text, const std::string& rule, const std::string& key,
                    const std::string& value, const std::string& history) {
    auto r = remove_from_rule_array_text(k_path, text, rule, key, value, history);
    REQUIRE_MESSAGE(r, (r ? "" : r.error().message + " / " + r.error().hint));
    return *r;
}

const Rule& rule_of(const Policy& p, const std::string& id) {
    for (const auto& r : p.rules)
        if (r.id == id) return r;
    FAIL("no rule " << id);
    return p.rules.front();
}

Policy parsed(const std::string& text) {
    std::vector<FileProblem> problems;
    auto p = load_policy_text(k_path, text, problems);
    REQUIRE(p);
    REQUIRE(problems.empty());
    return *p;
}

} // namespace

TEST_CASE("policy_edit: the fixture itself loads") {
    Policy p = parsed(k_fixture);
    CHECK(rule_of(p, "one-string").terms == std::vector<std::string>{"保修一辈子"});
}

TEST_CASE("policy_edit: adding to a one-line array keeps its comments; history accumulates") {
    std::string once = added(k_fixture, "one-line", "terms", "全网最低",
                             "2026-11-27: \"全网最低\" added by proposal 3");
    CHECK(once == with(k_fixture, "# the phrases\nterms = [\"最低价\", \"底价\"]  # on one line\n",
                       "# the phrases\n"
                       "# 2026-11-27: \"全网最低\" added by proposal 3\n"
                       "terms = [\"最低价\", \"底价\", \"全网最低\"]  # on one line\n"));
    std::string twice = added(once, "one-line", "terms", "保证最低", "2026-11-28: second");
    CHECK(twice == with(k_fixture, "# the phrases\nterms = [\"最低价\", \"底价\"]  # on one line\n",
                        "# the phrases\n"
                        "# 2026-11-27: \"全网最低\" added by proposal 3\n"
                        "# 2026-11-28: second\n"
                        "terms = [\"最低价\", \"底价\", \"全网最低\", \"保证最低\"]  # on one line\n"));
    CHECK(rule_of(parsed(twice), "one-line").terms ==
          std::vector<std::string>{"最低价", "底价", "全网最低", "保证最低"});
}

TEST_CASE("policy_edit: multi-line arrays") {
    SUBCASE("closing bracket after the last element") {
        std::string out = added(k_fixture, "wrapped", "terms", "终身质保", "h");
        CHECK(out == with(k_fixture,
                          "terms = [\"终身保修\", \"终生保修\",\n         \"永久保修\"]\n",
                          "# h\n"
                          "terms = [\"终身保修\", \"终生保修\",\n         \"永久保修\", \"终身质保\"]\n"));
    }
    SUBCASE("closing bracket on a line of its own, trailing comma kept") {
        std::string out = added(k_fixture, "wrapped", "exceptions", "据说", "h");
        CHECK(out == with(k_fixture,
                          "exceptions = [\n    \"严禁\",\n    \"客户说\",  # reported speech\n]\n",
                          "# h\n"
                          "exceptions = [\n    \"严禁\",\n    \"客户说\",  # reported speech\n"
                          "    \"据说\",\n]\n"));
    }
    SUBCASE("closing bracket on a line of its own, no trailing comma") {
        std::string text = with(k_fixture, "    \"客户说\",  # reported speech\n",
                                "    \"客户说\"  # reported speech\n");
        std::string out = added(text, "wrapped", "exceptions", "据说", "");
        CHECK(out == with(text, "    \"客户说\"  # reported speech\n]\n",
                          "    \"客户说\",  # reported speech\n    \"据说\"\n]\n"));
    }
}

TEST_CASE("policy_edit: a missing key is created after the rule's last key") {
    std::string out = added(k_fixture, "regex-only", "exceptions", "不得", "2026-11-27: added");
    CHECK(out == with(k_fixture, "actions = [\"notify\"]\n",
                      "actions = [\"notify\"]\n# 2026-11-27: added\nexceptions = [\"不得\"]\n"));
    SUBCASE("also in the last rule, at the end of a file without a final line break") {
        std::string text = "[policy]\nid = \"p\"\n\n[[rule]]\nid = \"r\"\ntier = \"approval\"\n"
                           "  regex = ['x+']";
        std::string got = added(text, "r", "terms", "y", "");
        CHECK(got == text + "\n  terms = [\"y\"]\n");
    }
    SUBCASE("before a [rule.scope] table and dotted keys, in the rule's own table") {
        std::string head = "[policy]\nid = \"p\"\n\n[[rule]]\nid = \"r\"\ntier = \"approval\"\n"
                           "regex = ['x+',\n         'y+']  # two\n";
        std::string tail = "near.terms = [\"a\",\n              \"b\"]\n\n[rule.scope]\n"
                           "direction = [\"outbound\"]\n";
        std::string got = added(head + tail, "r", "exceptions", "不得", "h");
        CHECK(got == head + "# h\nexceptions = [\"不得\"]\n" + tail);
        CHECK(rule_of(parsed(got), "r").near == std::vector<std::string>{"a", "b"});
    }
}

TEST_CASE("policy_edit: a single string becomes a list") {
    std::string out = added(k_fixture, "one-string", "terms", "永久包换", "");
    CHECK(out == with(k_fixture, "terms = \"保修一辈子\"\n", "terms = [\"保修一辈子\", \"永久包换\"]\n"));
}

TEST_CASE("policy_edit: quotes, backslashes and control characters are escaped") {
    CHECK(toml_quote("plain") == "\"plain\"");
    CHECK(toml_quote("say \"hi\" C:\\x") == "\"say \\\"hi\\\" C:\\\\x\"");
    CHECK(toml_quote("a\tb\nc\x01") == "\"a\\tb\\nc\\u0001\"");
    CHECK(toml_quote("最低价") == "\"最低价\"");
    std::string value = "he said \"最低\" \\ 'ok'";
    std::string out = added(k_fixture, "one-line", "exceptions", value, "");
    CHECK(out == with(k_fixture, "exceptions = [\"不能\"]\n",
                      "exceptions = [\"不能\", \"he said \\\"最低\\\" \\\\ 'ok'\"]\n"));
    CHECK(rule_of(parsed(out), "one-line").exceptions == std::vector<std::string>{"不能", value});
    // A regex keeps its backslashes through the escaping.
    std::string re = added(k_fixture, "regex-only", "regex", "\\d+元好处费", "");
    CHECK(rule_of(parsed(re), "regex-only").regexes ==
          std::vector<std::string>{"\\d+%\\s*回扣", "\\d+元好处费"});
    CHECK(re.find("regex = ['\\d+%\\s*回扣', \"\\\\d+元好处费\"]\n") != std::string::npos);
}

TEST_CASE("policy_edit: the history is one comment line") {
    std::string out = added(k_fixture, "one-line", "exceptions", "无法", "# two\nlines\x01 here ");
    CHECK(out.find("\n# two lines here\nexceptions = [") != std::string::npos);
}

TEST_CASE("policy_edit: removing values") {
    SUBCASE("from a one-line array") {
        std::string out = removed(k_fixture, "one-line", "terms", "最低价", "2026-11-27: removed");
        CHECK(out == with(k_fixture, "# the phrases\nterms = [\"最低价\", \"底价\"]  # on one line\n",
                          "# the phrases\n# 2026-11-27: removed\nterms = [\"底价\"]  # on one line\n"));
        std::string last = removed(k_fixture, "one-line", "terms", "底价", "");
        CHECK(last == with(k_fixture, "terms = [\"最低价\", \"底价\"]", "terms = [\"最低价\"]"));
    }
    SUBCASE("a value on a line of its own goes with its line and comment") {
        std::string out = removed(k_fixture, "wrapped", "exceptions", "客户说", "h");
        CHECK(out == with(k_fixture,
                          "exceptions = [\n    \"严禁\",\n    \"客户说\",  # reported speech\n]\n",
                          "# h\nexceptions = [\n    \"严禁\",\n]\n"));
    }
    SUBCASE("the last value of a wrapped array takes the comma before it") {
        std::string out = removed(k_fixture, "wrapped", "terms", "永久保修", "");
        CHECK(out == with(k_fixture, "terms = [\"终身保修\", \"终生保修\",\n         \"永久保修\"]\n",
                          "terms = [\"终身保修\", \"终生保修\"\n]\n"));
        std::string mid = removed(k_fixture, "wrapped", "terms", "终生保修", "");
        CHECK(mid == with(k_fixture, "terms = [\"终身保修\", \"终生保修\",\n",
                          "terms = [\"终身保修\",\n"));
        std::string first = removed(k_fixture, "wrapped", "terms", "终身保修", "");
        CHECK(first == with(k_fixture, "terms = [\"终身保修\", \"终生保修\",\n",
                            "terms = [\"终生保修\",\n"));
    }
    SUBCASE("the only exception leaves an empty list") {
        std::string out = removed(k_fixture, "one-line", "exceptions", "不能", "");
        CHECK(out == with(k_fixture, "exceptions = [\"不能\"]\n", "exceptions = []\n"));
    }
    SUBCASE("a value written twice goes twice") {
        std::string text = with(k_fixture, "exceptions = [\"不能\"]", "exceptions = [\"不能\", '不能']");
        CHECK(removed(text, "one-line", "exceptions", "不能", "") ==
              with(k_fixture, "exceptions = [\"不能\"]", "exceptions = []"));
    }
}

TEST_CASE("policy_edit: other spellings of strings and arrays") {
    const std::string head = "[policy]\nid = \"p\"\n\n[[rule]]\nid = \"r\"\ntier = \"approval\"\n";
    SUBCASE("literal and multi-line strings, a comment with brackets inside the array") {
        std::string text = head + "terms = ['a\"]', \"\"\"b]\"\"\",  # ] not the end\n  'c']\n";
        CHECK(added(text, "r", "terms", "d", "") ==
              head + "terms = ['a\"]', \"\"\"b]\"\"\",  # ] not the end\n  'c', \"d\"]\n");
        CHECK(removed(text, "r", "terms", "b]", "") ==
              head + "terms = ['a\"]',  # ] not the end\n  'c']\n");
        CHECK(removed(text, "r", "terms", "a\"]", "") ==
              head + "terms = [\"\"\"b]\"\"\",  # ] not the end\n  'c']\n");
    }
    SUBCASE("empty arrays") {
        std::string text = head + "terms = ['x']\nexceptions = []\n";
        CHECK(added(text, "r", "exceptions", "不能", "") == head + "terms = ['x']\nexceptions = [\"不能\"]\n");
        std::string wrapped = head + "terms = ['x']\nexceptions = [\n]\n";
        CHECK(added(wrapped, "r", "exceptions", "不能", "") ==
              head + "terms = ['x']\nexceptions = [\"不能\"\n]\n");
    }
    SUBCASE("a rule written as an inline table is not edited") {
        std::string text = "rule = [{ id = \"r\", tier = \"approval\", terms = [\"a\"] }]\n[policy]\nid = \"p\"\n";
        parsed(text);
        auto r = add_to_rule_array_text(k_path, text, "r", "terms", "b", "");
        REQUIRE(!r);
        CHECK(r.error().code == Errc::unsupported);
    }
}

TEST_CASE("policy_edit: Windows line ends stay") {
    std::string text;
    for (char c : k_fixture) {
        if (c == '\n') text += '\r';
        text += c;
    }
    std::string out = added(text, "regex-only", "exceptions", "不得", "h");
    CHECK(out == with(text, "actions = [\"notify\"]\r\n",
                      "actions = [\"notify\"]\r\n# h\r\nexceptions = [\"不得\"]\r\n"));
}

TEST_CASE("policy_edit: refusals") {
    auto add = [](const std::string& rule, const std::string& key, const std::string& value) {
        return add_to_rule_array_text(k_path, k_fixture, rule, key, value, "h");
    };
    auto r = add("no-such-rule", "terms", "x");
    REQUIRE(!r);
    CHECK(r.error().code == Errc::not_found);
    CHECK(r.error().message.find("no rule 'no-such-rule'") != std::string::npos);
    CHECK(r.error().hint == "its rules: one-line, wrapped, regex-only, one-string");

    r = add("one-line", "terms", "底价");
    REQUIRE(!r);
    CHECK(r.error().code == Errc::conflict);
    CHECK(r.error().message == "\"底价\" is already in 'terms' of rule 'one-line' of edit-fixture.toml");
    r = add("one-string", "terms", "保修一辈子");
    REQUIRE(!r);
    CHECK(r.error().code == Errc::conflict);

    r = add("one-line", "near", "x");
    REQUIRE(!r);
    CHECK(r.error().code == Errc::usage);
    r = add("one-line", "terms", "  ");
    REQUIRE(!r);
    CHECK(r.error().code == Errc::usage);
    r = add("one-line", "terms", std::string("\xff\xfe"));
    REQUIRE(!r);
    CHECK(r.error().code == Errc::usage);

    auto rm = remove_from_rule_array_text(k_path, k_fixture, "one-line", "terms", "全网最低", "");
    REQUIRE(!rm);
    CHECK(rm.error().code == Errc::not_found);
    CHECK(rm.error().hint == "its terms: \"最低价\", \"底价\"");
    rm = remove_from_rule_array_text(k_path, k_fixture, "regex-only", "exceptions", "x", "");
    REQUIRE(!rm);
    CHECK(rm.error().code == Errc::not_found);

    // The last term of a rule without regex: the rule would have nothing to match.
    rm = remove_from_rule_array_text(k_path, k_fixture, "one-string", "terms", "保修一辈子", "");
    REQUIRE(!rm);
    CHECK(rm.error().code == Errc::bad_input);
    CHECK(rm.error().message.find("neither terms nor regex") != std::string::npos);

    // A file that has problems already is not edited.
    std::string broken = with(k_fixture, "tier = \"forbidden\"", "tier = \"forbidden\"\ncolour = \"red\"");
    auto b = add_to_rule_array_text(k_path, broken, "one-line", "terms", "x", "");
    REQUIRE(!b);
    CHECK(b.error().code == Errc::bad_input);
    CHECK(b.error().message.find("unknown key 'colour'") != std::string::npos);
}

TEST_CASE("policy_edit: files are written atomically, keep their mode, or stay untouched") {
    TempDir t;
    std::string path = t.file("policies/edit-fixture.toml", k_fixture);
    REQUIRE(::chmod(path.c_str(), 0640) == 0);
    REQUIRE(add_to_rule_array(path, "one-line", "terms", "全网最低", "2026-11-27: added"));
    auto now = read_file(path);
    REQUIRE(now);
    CHECK(*now == *add_to_rule_array_text(path, k_fixture, "one-line", "terms", "全网最低",
                                          "2026-11-27: added"));
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);

    std::string before = *now;
    CHECK(!add_to_rule_array(path, "nope", "terms", "x", "h"));
    CHECK(!add_to_rule_array(path, "one-line", "terms", "全网最低", "h"));
    CHECK(!remove_from_rule_array(path, "one-string", "terms", "保修一辈子", "h"));
    CHECK(!remove_from_rule_array(path, "one-line", "terms", "不在", "h"));
    CHECK(*read_file(path) == before);
    REQUIRE(remove_from_rule_array(path, "one-line", "terms", "全网最低", "2026-11-28: removed"));
    CHECK(*read_file(path) ==
          with(k_fixture, "# the phrases\n",
               "# the phrases\n# 2026-11-27: added\n# 2026-11-28: removed\n"));
    CHECK(!add_to_rule_array(t.path + "/missing.toml", "one-line", "terms", "x", "h"));
}
