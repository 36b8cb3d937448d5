// Unit tests of org/directory: loading mailscope.toml (every field, every kind of problem with
// the line it is on), address and customer lookups, work domains, and working hours in zones
// with and without daylight saving. Expected lines are found in the fixture text itself;
// expected instants are UTC civil times worked out by hand from the zone's offset.
#include "mailscope/org/directory.hpp"
#include "mailscope/util/time.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <algorithm>

using namespace ms;

namespace {

// 1-based number of the first line of `text` that contains `needle` (0: none).
int line_of(const std::string& text, const std::string& needle) {
    std::size_t at = text.find(needle);
    if (at == std::string::npos) return 0;
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

// Loads `toml` written to a temporary file; problems go to `problems`.
Result<Directory> load(const TempDir& t, const std::string& toml,
                       std::vector<FileProblem>& problems) {
    return load_directory(t.file("mailscope.toml", toml), problems);
}

bool has_problem(const std::vector<FileProblem>& ps, int line, const std::string& part) {
    for (const auto& p : ps)
        if (p.line == line && p.message.find(part) != std::string::npos) return true;
    return false;
}

std::string dump(const std::vector<FileProblem>& ps) {
    std::string s;
    for (const auto& p : ps) s += format_problem(p) + "\n";
    return s;
}

const std::string k_valid = R"(# HaiNa's directory
[organisation]
name = "HaiNa Cross-Border Trading"
work_domains = ["haina-trade.com", "HaiNa-Trade.CN"]
time_zone = "Asia/Shanghai"

[working_hours]
days = ["mon", "tue", "wed", "thu", "fri", "Sat"]
start = "08:30"
end = "17:30"

[[department]]
id = "sales"
name = "销售部"

[[department]]
id = "finance"
name = "财务部"

[[person]]
email = "Zhang.Wei@HaiNa-Trade.com"
also = ["David.Zhang@haina-trade.cn", "zw@haina-trade.com"]
name = "张伟"
department = "sales"
role = "employee"
title = "Senior Sales Representative"
login = "zhangw"

[[person]]
email = "sun.qiang@haina-trade.com"
name = "孙强"
department = "sales"
role = "manager"

[[person]]
email = "zhao.min@haina-trade.com"
role = "compliance"

[[person]]
email = "li.na@haina-trade.com"
department = "finance"

[[customer]]
name = "明达电子"
domains = ["mingda-elec.com", "MingDa.CN"]
starred_by = ["zhang.wei@haina-trade.com", "ZW@haina-trade.com"]

[[customer]]
name = "GlobalGadgets"
domains = "globalgadgets.com"
)";

} // namespace

TEST_CASE("load_directory: a valid file with every section") {
    TempDir t;
    std::vector<FileProblem> problems;
    auto d = load(t, k_valid, problems);
    REQUIRE_MESSAGE(d, dump(problems));
    CHECK(problems.empty());
    const Directory& dir = *d;
    CHECK(dir.path == t.path + "/mailscope.toml");
    CHECK(dir.sha256.size() == 64);
    CHECK(dir.org_name == "HaiNa Cross-Border Trading");
    CHECK(dir.work_domains == std::vector<std::string>{"haina-trade.com", "haina-trade.cn"});
    CHECK(dir.time_zone == "Asia/Shanghai");
    CHECK(dir.hours.days == std::array<bool, 7>{true, true, true, true, true, true, false});
    CHECK(dir.hours.start_min == 8 * 60 + 30);
    CHECK(dir.hours.end_min == 17 * 60 + 30);

    REQUIRE(dir.departments.size() == 2);
    CHECK(dir.departments[0].id == "sales");
    CHECK(dir.departments[0].name == "销售部");
    CHECK(dir.departments[0].line == line_of(k_valid, "id = \"sales\"") - 1);
    CHECK(dir.departments[1].id == "finance");

    REQUIRE(dir.people.size() == 4);
    const Person& zw = dir.people[0];
    CHECK(zw.email == "zhang.wei@haina-trade.com");
    CHECK(zw.also == std::vector<std::string>{"david.zhang@haina-trade.cn", "zw@haina-trade.com"});
    CHECK(zw.name == "张伟");
    CHECK(zw.department == "sales");
    CHECK(zw.role == Role::employee);
    CHECK(zw.title == "Senior Sales Representative");
    CHECK(zw.login == "zhangw");
    CHECK(zw.line == line_of(k_valid, "Zhang.Wei@") - 1); // the [[person]] header
    CHECK(dir.people[1].role == Role::manager);
    CHECK(dir.people[2].role == Role::compliance);
    CHECK(dir.people[2].department.empty());
    CHECK(dir.people[3].role == Role::employee); // the default

    REQUIRE(dir.customers.size() == 2);
    CHECK(dir.customers[0].name == "明达电子");
    CHECK(dir.customers[0].domains == std::vector<std::string>{"mingda-elec.com", "mingda.cn"});
    CHECK(dir.customers[0].starred_by ==
          std::vector<std::string>{"zhang.wei@haina-trade.com", "zw@haina-trade.com"});
    CHECK(dir.customers[1].domains == std::vector<std::string>{"globalgadgets.com"});
}

TEST_CASE("load_directory: defaults when optional sections are left out") {
    TempDir t;
    std::vector<FileProblem> problems;
    auto d = load(t, "[organisation]\nwork_domains = [\"x.example\"]\n", problems);
    REQUIRE_MESSAGE(d, dump(problems));
    CHECK(d->time_zone == "UTC");
    CHECK(d->hours.days == std::array<bool, 7>{true, true, true, true, true, false, false});
    CHECK(d->hours.start_min == 9 * 60);
    CHECK(d->hours.end_min == 18 * 60);
    CHECK(d->people.empty());
    CHECK(d->customers.empty());
}

TEST_CASE("load_directory: every problem is reported with its line") {
    const std::string bad = R"([organisation]
name = "Bad Co"
work_domains = ["bad-co.com", "not a domain"]
time_zone = "Mars/Olympus_Mons"
colour = "blue"

[working_hours]
start = "9am"
end = "25:00"

[[department]]
id = "sales"

[[person]]
email = "a@bad-co.com"
role = "intern"

[[person]]
email = "b@bad-co.com"
department = "marketing"

[[person]]
email = "c@bad-co.com"
role = "manager"

[[person]]
email = "A@Bad-Co.com"

[[person]]
email = "no-at-sign.bad-co.com"

[[customer]]
name = "Ourselves"
domains = ["sz.bad-co.com", "bad_domain"]
starred_by = ["nobody@bad-co.com"]
)";
    TempDir t;
    std::vector<FileProblem> problems;
    auto d = load(t, bad, problems);
    CHECK_FALSE(d);
    INFO(dump(problems));
    CHECK(has_problem(problems, line_of(bad, "work_domains"), "'not a domain' is not a domain"));
    CHECK(has_problem(problems, line_of(bad, "time_zone"), "unknown time zone 'Mars/Olympus_Mons'"));
    CHECK(has_problem(problems, line_of(bad, "colour"), "unknown key 'colour'"));
    CHECK(has_problem(problems, line_of(bad, "start ="), "'9am' is not a time of day"));
    CHECK(has_problem(problems, line_of(bad, "end ="), "'25:00' is not a time of day"));
    CHECK(has_problem(problems, line_of(bad, "intern"), "unknown role 'intern'"));
    CHECK(has_problem(problems, line_of(bad, "marketing"), "no department 'marketing'"));
    // A manager without a department: the [[person]] header of that entry.
    CHECK(has_problem(problems, line_of(bad, "c@bad-co.com") - 1, "a manager needs a department"));
    CHECK(has_problem(problems, line_of(bad, "A@Bad-Co.com"),
                      "address a@bad-co.com belongs to two people"));
    CHECK(has_problem(problems, line_of(bad, "no-at-sign"), "is not an email address"));
    CHECK(has_problem(problems, line_of(bad, "sz.bad-co.com"), "'bad_domain' is not a domain"));
    CHECK(has_problem(problems, line_of(bad, "nobody@"),
                      "nobody@bad-co.com is not a person of this directory"));
    // A customer domain inside a work domain: the [[customer]] header.
    CHECK(has_problem(problems, line_of(bad, "[[customer]]"),
                      "customer domain sz.bad-co.com is a work domain"));
    CHECK(problems.size() == 13);
    for (const auto& p : problems) CHECK(p.file == t.path + "/mailscope.toml");
}

TEST_CASE("load_directory: working hours that end before they start") {
    const std::string text = "[organisation]\nwork_domains = [\"a.example\"]\n\n"
                             "[working_hours]\nstart = \"18:00\"\nend = \"09:00\"\n";
    TempDir t;
    std::vector<FileProblem> problems;
    CHECK_FALSE(load(t, text, problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 6);
    CHECK(problems[0].message == "working hours end before they start");
}

TEST_CASE("load_directory: a day name that is not a day") {
    const std::string text = "[organisation]\nwork_domains = [\"a.example\"]\n"
                             "[working_hours]\ndays = [\"mon\", \"funday\"]\n";
    TempDir t;
    std::vector<FileProblem> problems;
    CHECK_FALSE(load(t, text, problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 4);
    CHECK(problems[0].message.find("unknown day 'funday'") != std::string::npos);
}

TEST_CASE("load_directory: a duplicate `also` address is reported on its own line") {
    const std::string text = R"([organisation]
work_domains = ["co.example"]

[[person]]
email = "a@co.example"

[[person]]
email = "b@co.example"
also = ["A@co.example"]
)";
    TempDir t;
    std::vector<FileProblem> problems;
    CHECK_FALSE(load(t, text, problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message.find("a@co.example belongs to two people") != std::string::npos);
    CHECK(problems[0].line == 9);
}

TEST_CASE("load_directory: a login shared by two people is reported on the second login") {
    const std::string text = R"([organisation]
work_domains = ["co.example"]

[[person]]
email = "a@co.example"
login = "al"

[[person]]
email = "b@co.example"
login = "al"
)";
    TempDir t;
    std::vector<FileProblem> problems;
    CHECK_FALSE(load(t, text, problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message.find("login al belongs to two people") != std::string::npos);
    CHECK(problems[0].line == 10);  // the second person's login key
}

TEST_CASE("load_directory: a TOML syntax error is one problem on its line") {
    const std::string text = "[organisation]\nname = \"x\"\nthis is not toml\nwork_domains = []\n";
    TempDir t;
    std::vector<FileProblem> problems;
    auto d = load(t, text, problems);
    CHECK_FALSE(d);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 3);
    CHECK(format_problem(problems[0]).rfind(t.path + "/mailscope.toml:3: ", 0) == 0);
}

TEST_CASE("load_directory: a missing file fails without a line") {
    std::vector<FileProblem> problems;
    CHECK_FALSE(load_directory("/nonexistent/mailscope.toml", problems));
}

TEST_CASE("load_directory_text: the same result as the file, without reading `path`") {
    TempDir t;
    std::vector<FileProblem> from_file, from_text;
    auto a = load(t, k_valid, from_file);
    auto b = load_directory_text("/nonexistent/mailscope.toml", k_valid, from_text);
    REQUIRE_MESSAGE(a, dump(from_file));
    REQUIRE_MESSAGE(b, dump(from_text));
    CHECK(b->path == "/nonexistent/mailscope.toml");
    CHECK(b->sha256 == a->sha256);
    CHECK(b->work_domains == a->work_domains);
    CHECK(b->people.size() == a->people.size());
}

TEST_CASE("format_problem prints file:line: message, or file: message for line 0") {
    CHECK(format_problem({"a.toml", 12, "bad"}) == "a.toml:12: bad");
    CHECK(format_problem({"a.toml", 0, "bad"}) == "a.toml: bad");
}

TEST_CASE("Directory lookups: people by any address, customers by domain and subdomain") {
    TempDir t;
    std::vector<FileProblem> problems;
    auto d = load(t, k_valid, problems);
    REQUIRE_MESSAGE(d, dump(problems));
    const Directory& dir = *d;

    const Person* p = dir.person("zhang.wei@haina-trade.com");
    REQUIRE(p);
    CHECK(p->name == "张伟");
    CHECK(dir.person("ZHANG.WEI@HAINA-TRADE.COM") == p);
    CHECK(dir.person("david.zhang@haina-trade.cn") == p);
    CHECK(dir.person("ZW@haina-trade.com") == p);
    CHECK(dir.person("sun.qiang@haina-trade.com")->role == Role::manager);
    CHECK(dir.person("nobody@haina-trade.com") == nullptr);
    CHECK(dir.person("") == nullptr);

    const Customer* c = dir.customer("buyer@mingda-elec.com");
    REQUIRE(c);
    CHECK(c->name == "明达电子");
    CHECK(dir.customer("Buyer@SZ.MingDa-Elec.com") == c);       // subdomain, any case
    CHECK(dir.customer("x@a.b.mingda-elec.com") == c);
    CHECK(dir.customer("x@mingda.cn") == c);
    CHECK(dir.customer("x@notmingda-elec.com") == nullptr);     // not a subdomain
    CHECK(dir.customer("x@mingda-elec.com.cn") == nullptr);
    CHECK(dir.customer("x@globalgadgets.com")->name == "GlobalGadgets");
    CHECK(dir.customer("no-at-sign") == nullptr);

    CHECK(dir.department("finance")->name == "财务部");
    CHECK(dir.department("hr") == nullptr);
}

TEST_CASE("Directory::is_work_address covers the work domains and their subdomains") {
    Directory dir;
    dir.work_domains = {"haina-trade.com", "haina-trade.cn"};
    dir.index();
    CHECK(dir.is_work_address("a@haina-trade.com"));
    CHECK(dir.is_work_address("A@HaiNa-Trade.CN"));
    CHECK(dir.is_work_address("a@sz.haina-trade.com"));
    CHECK(dir.is_work_address("a@x.y.haina-trade.cn"));
    CHECK_FALSE(dir.is_work_address("a@xhaina-trade.com"));
    CHECK_FALSE(dir.is_work_address("a@haina-trade.com.evil.example"));
    CHECK_FALSE(dir.is_work_address("a@qq.com"));
    CHECK_FALSE(dir.is_work_address("haina-trade.com"));
    CHECK_FALSE(dir.is_work_address(""));
}

TEST_CASE("domain_of") {
    CHECK(domain_of("a@B.Example") == "b.example");
    CHECK(domain_of("\"x@y\"@z.example") == "z.example");
    CHECK(domain_of("nobody") == "");
}

namespace {
Directory with_zone(const std::string& tz) {
    Directory d;
    d.time_zone = tz; // Mon-Fri 09:00-18:00, the defaults
    d.index();
    return d;
}
} // namespace

TEST_CASE("within_working_hours: Asia/Shanghai is UTC+8 all year") {
    Directory dir = with_zone("Asia/Shanghai");
    // Friday 2025-03-14 (2025-03-01 was a Saturday). Local = UTC + 8 h.
    CHECK(dir.utc_offset_minutes(epoch_from_civil(2025, 3, 14, 1, 0, 0)) == 480);
    CHECK(dir.utc_offset_minutes(epoch_from_civil(2025, 7, 14, 1, 0, 0)) == 480);
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 14, 0, 59, 59))); // 08:59:59
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 3, 14, 1, 0, 0)));          // 09:00
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 3, 14, 9, 59, 0)));         // 17:59
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 14, 10, 0, 0)));   // 18:00
    // Friday 17:00 UTC is Saturday 01:00 in Shanghai; Saturday 02:00 UTC is Saturday 10:00.
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 14, 17, 0, 0)));
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 15, 2, 0, 0)));
    // Sunday 23:30 UTC is Monday 07:30 local (too early); Monday 01:30 UTC is Monday 09:30.
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 16, 23, 30, 0)));
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 3, 17, 1, 30, 0)));

    // Round-the-clock hours on weekdays: the weekday must be the local one.
    dir.hours.start_min = 0;
    dir.hours.end_min = 24 * 60;
    // Friday 18:00 UTC = Saturday 02:00 local: not a working day there.
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 14, 18, 0, 0)));
    // Sunday 19:00 UTC = Monday 03:00 local: a working day.
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 3, 16, 19, 0, 0)));
}

TEST_CASE("within_working_hours: a fixed +08:00 offset behaves like Shanghai") {
    Directory dir = with_zone("+08:00");
    CHECK(dir.utc_offset_minutes(0) == 480);
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 14, 0, 59, 0)));
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 3, 14, 1, 0, 0)));
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 14, 10, 0, 0)));
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 14, 17, 0, 0)));
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 3, 17, 1, 30, 0)));
    CHECK(with_zone("-05:30").utc_offset_minutes(0) == -330);
    CHECK(with_zone("UTC").utc_offset_minutes(0) == 0);
    // 09:00 UTC on a Monday in a UTC directory.
    CHECK(with_zone("UTC").within_working_hours(epoch_from_civil(2025, 3, 17, 9, 0, 0)));
}

TEST_CASE("within_working_hours: Europe/Stockholm across both daylight-saving changes") {
    Directory dir = with_zone("Europe/Stockholm");
    // Summer time starts on Sunday 2025-03-30 at 01:00 UTC (CET +1 -> CEST +2) and ends on
    // Sunday 2025-10-26 at 01:00 UTC.
    CHECK(dir.utc_offset_minutes(epoch_from_civil(2025, 3, 30, 0, 59, 59)) == 60);
    CHECK(dir.utc_offset_minutes(epoch_from_civil(2025, 3, 30, 1, 0, 0)) == 120);
    CHECK(dir.utc_offset_minutes(epoch_from_civil(2025, 10, 26, 0, 59, 59)) == 120);
    CHECK(dir.utc_offset_minutes(epoch_from_civil(2025, 10, 26, 1, 0, 0)) == 60);

    // Friday 2025-03-28, CET: 07:30 UTC = 08:30 local, 08:00 UTC = 09:00 local.
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 28, 7, 30, 0)));
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 3, 28, 8, 0, 0)));
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 3, 28, 16, 59, 0)));   // 17:59
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 28, 17, 0, 0))); // 18:00
    // Monday 2025-03-31, CEST: the same 07:30 UTC is now 09:30 local.
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 31, 6, 59, 0)));  // 08:59
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 3, 31, 7, 0, 0)));         // 09:00
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 3, 31, 7, 30, 0)));        // 09:30
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 3, 31, 15, 59, 0)));       // 17:59
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 31, 16, 0, 0)));  // 18:00
    // Friday 2025-10-24 (CEST) and Monday 2025-10-27 (CET again).
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 10, 24, 7, 30, 0)));        // 09:30
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 10, 27, 7, 30, 0)));  // 08:30
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 10, 27, 8, 30, 0)));        // 09:30
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 10, 27, 16, 30, 0)));       // 17:30
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 10, 27, 17, 0, 0)));  // 18:00
}

TEST_CASE("within_working_hours honours the configured days and minutes") {
    Directory dir = with_zone("UTC");
    dir.hours.days = {false, false, false, false, false, true, true}; // weekends only
    dir.hours.start_min = 22 * 60;
    dir.hours.end_min = 23 * 60 + 30;
    // Saturday 2025-03-15 and Sunday 2025-03-16.
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 3, 15, 22, 0, 0)));
    CHECK(dir.within_working_hours(epoch_from_civil(2025, 3, 16, 23, 29, 59)));
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 16, 23, 30, 0)));
    CHECK_FALSE(dir.within_working_hours(epoch_from_civil(2025, 3, 17, 22, 30, 0))); // Monday
    // Before 1970: Saturday 1969-12-27 22:15 UTC.
    CHECK(dir.within_working_hours(epoch_from_civil(1969, 12, 27, 22, 15, 0)));
}
