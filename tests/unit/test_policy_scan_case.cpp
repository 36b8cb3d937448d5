// Unit tests of policy/scan_case on a real case of four imported messages: the flags a scan
// stores (offsets counted by hand), a second scan that changes nothing, a new rule-set version
// that replaces unreviewed flags, notifications and retained mail, personal mail recorded but
// not checked, and incremental scans after a new import.
#include "db_scalar.hpp"
#include "mailscope/ingest/importer.hpp"
#include "mailscope/policy/scan_case.hpp"
#include "mailscope/store/flags.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

using namespace ms;

namespace {

std::string eml(const std::string& from, const std::string& to, const std::string& date,
                const std::string& id, const std::string& subject, const std::string& body) {
    return "From: " + from + "\nTo: " + to + "\nSubject: " + subject + "\nDate: " + date +
           "\nMessage-ID: <" + id + "@co.example>\nMIME-Version: 1.0\n"
           "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" +
           body + "\n";
}

// Tuesday 2025-03-18 is a working day; Saturday 2025-03-15 22:00 in Shanghai is not.
const char* const k_tue = "Tue, 18 Mar 2025 10:00:00 +0800";
const char* const k_sat_night = "Sat, 15 Mar 2025 22:00:00 +0800";

Directory directory() {
    Directory d;
    d.work_domains = {"co.example"};
    d.time_zone = "Asia/Shanghai";
    Person emp;
    emp.email = "emp@co.example";
    d.people = {emp};
    Customer c;
    c.name = "Buyer";
    c.domains = {"buyer.example"};
    d.customers = {c};
    d.sha256 = "directory-1";
    d.index();
    return d;
}

Rule make_rule(std::string id, Tier tier, std::string category, std::vector<std::string> terms) {
    Rule r;
    r.policy = "sales";
    r.id = std::move(id);
    r.tier = tier;
    r.category = std::move(category);
    r.terms = std::move(terms);
    return r;
}

std::vector<Rule> k_rules() {
    return {make_rule("low", Tier::forbidden, "pricing", {"最低价", "lowest price"}),
            make_rule("disc", Tier::approval, "discount", {"discount"}),
            make_rule("ok", Tier::allowed, "fine", {"guaranteed"})};
}

struct ScanCase {
    TempDir t;
    std::unique_ptr<Case> c;
    std::int64_t m1 = 0, m2 = 0, m3 = 0, m4 = 0;

    ScanCase() {
        t.file("src/1.eml", eml("emp@co.example", "buyer@buyer.example", k_tue, "one", "Quote",
                                "我们给您最低价，lowest price guaranteed"));
        t.file("src/2.eml", eml("emp@co.example", "friend@gmail.example", k_sat_night, "two",
                                "周末", "最低价 at the shop"));
        t.file("src/3.eml", eml("x@gmail.example", "emp@co.example", k_tue, "three",
                                "Discount offer", "nothing here"));
        t.file("src/4.eml", eml("emp@co.example", "b@co.example", k_tue, "four", "hello", "hello"));
        auto opened = Case::open(t.path + "/case", CaseMode::create);
        REQUIRE(opened);
        c = std::move(opened).value();
        add_mail({t.path + "/src"}, 4);
        m1 = id_of("one@co.example");
        m2 = id_of("two@co.example");
        m3 = id_of("three@co.example");
        m4 = id_of("four@co.example");
    }
    void add_mail(std::vector<std::string> sources, std::uint64_t expect_new) {
        ImportOptions o;
        o.sources = std::move(sources);
        o.operator_name = "tester";
        o.tool_version = "test";
        auto rep = import_sources(*c, o, {});
        REQUIRE_MESSAGE(rep, (rep ? std::string() : rep.error().message));
        REQUIRE(rep->new_messages == expect_new);
    }
    std::int64_t id_of(const std::string& mid) { return count("SELECT id FROM messages WHERE message_id='" + mid + "'"); }
    std::int64_t count(const std::string& sql) {
        return db_scalar(c->db(), sql);
    }
    ScanStats scan(const std::vector<Rule>& rules, const std::string& sha, const Directory* dir,
                   std::size_t batch = 500, std::string* version = nullptr) {
        Policy p;
        p.id = "sales";
        p.path = "sales.toml";
        p.sha256 = sha;
        p.rules = rules;
        auto rs = RuleSet::build({p}, dir);
        REQUIRE(rs);
        if (version) *version = rs->version();
        auto m = make_hyperscan_matcher(*rs, "");
        REQUIRE(m);
        auto s = scan_case(*c, *rs, dir, **m, batch, {});
        REQUIRE_MESSAGE(s, (s ? std::string() : s.error().message));
        return *s;
    }
    // "message/rule/field/start/end/status" of every flag (of every version), in listing order.
    std::vector<std::string> flags(const std::string& version = "") {
        FlagFilter f;
        f.version = version;
        auto r = list_flags(c->db(), f);
        REQUIRE(r);
        std::vector<std::string> out;
        for (const auto& x : *r)
            out.push_back(name(x.message_id) + "/" + x.rule + "/" + x.field + "/" +
                          std::to_string(x.start) + "/" + std::to_string(x.end) + "/" + x.status);
        return out;
    }
    std::string name(std::int64_t id) const {
        return id == m1 ? "m1" : id == m2 ? "m2" : id == m3 ? "m3" : id == m4 ? "m4" : "m?";
    }
};

using S = std::vector<std::string>;

// 我们给您 is 12 bytes: 最低价 [12, 21); "，" 21..23; "lowest price" [24, 36);
// " guaranteed" puts "guaranteed" at [37, 47).
const S k_expected = {"m1/low/body/12/21/open", "m1/low/body/24/36/open",
                      "m1/ok/body/37/47/allowed", "m3/disc/subject/0/8/open"};

} // namespace

TEST_CASE("scan_case: the flags of a scan, and a second scan that changes nothing") {
    ScanCase k;
    Directory dir = directory();
    std::string version;
    ScanStats s1 = k.scan(k_rules(), "v1", &dir, 500, &version);
    CHECK(s1.scanned == 4);
    CHECK(s1.personal == 1);
    CHECK(s1.new_flags == 4);
    CHECK(s1.bytes > 0);
    CHECK(k.flags() == k_expected);
    auto counts = scan_counts(k.c->db(), version);
    REQUIRE(counts);
    CHECK(counts->scanned == 4);
    CHECK(counts->personal == 1);
    CHECK(counts->flagged_messages == 2);
    CHECK(k.count("SELECT flags FROM scans WHERE message_id=" + std::to_string(k.m1)) == 3);
    auto left = unscanned_messages(k.c->db(), version, 0, 100);
    REQUIRE(left);
    CHECK(left->empty());

    auto before = list_flags(k.c->db(), {});
    REQUIRE(before);
    ScanStats s2 = k.scan(k_rules(), "v1", &dir);
    CHECK(s2.scanned == 0);
    CHECK(s2.personal == 0);
    CHECK(s2.new_flags == 0);
    auto after = list_flags(k.c->db(), {});
    REQUIRE(after);
    REQUIRE(after->size() == before->size());
    for (std::size_t i = 0; i < after->size(); ++i) {
        CHECK((*after)[i].id == (*before)[i].id);
        CHECK((*after)[i].snippet == (*before)[i].snippet);
    }
    CHECK(k.count("SELECT count(*) FROM scans") == 4);
}

TEST_CASE("scan_case: batches of one message give the same flags") {
    ScanCase k;
    Directory dir = directory();
    ScanStats s = k.scan(k_rules(), "v1", &dir, 1);
    CHECK(s.scanned == 4);
    CHECK(k.flags() == k_expected);
}

TEST_CASE("scan_case: personal mail is recorded as scanned and personal, with no flags") {
    ScanCase k;
    Directory dir = directory();
    k.scan(k_rules(), "v1", &dir);
    const std::string m2 = std::to_string(k.m2);
    CHECK(k.count("SELECT personal FROM scans WHERE message_id=" + m2) == 1);
    CHECK(k.count("SELECT flags FROM scans WHERE message_id=" + m2) == 0);
    CHECK(k.count("SELECT count(*) FROM flags WHERE message_id=" + m2) == 0);
    CHECK(k.count("SELECT count(*) FROM scans WHERE personal=1") == 1);

    // Without a directory nothing is personal: the same message is checked.
    ScanCase plain;
    ScanStats s = plain.scan(k_rules(), "v1", nullptr);
    CHECK(s.personal == 0);
    S want = k_expected;
    want.insert(want.begin() + 3, "m2/low/body/0/9/open");
    CHECK(plain.flags() == want);
}

TEST_CASE("scan_case: a new rule-set version rescans and replaces unreviewed flags") {
    ScanCase k;
    Directory dir = directory();
    std::string v1, v2;
    k.scan(k_rules(), "v1", &dir, 500, &v1);
    // A reviewer confirms the 最低价 flag of message one.
    REQUIRE(k.c->db().exec("UPDATE flags SET status='confirmed' WHERE start=12"));

    std::vector<Rule> changed = k_rules();
    changed[0].terms = {"lowest price"};
    ScanStats s = k.scan(changed, "v2", &dir, 500, &v2);
    CHECK(v1 != v2);
    CHECK(s.scanned == 4);
    CHECK(s.personal == 1);
    CHECK(s.new_flags == 3);
    CHECK(k.flags() == S{"m1/low/body/12/21/confirmed", "m1/low/body/24/36/open",
                         "m1/ok/body/37/47/allowed", "m3/disc/subject/0/8/open"});
    CHECK(k.flags(v1) == S{"m1/low/body/12/21/confirmed"});
    CHECK(k.flags(v2).size() == 3);
    // The directory is part of the version too.
    Directory other = directory();
    other.sha256 = "directory-2";
    std::string v3;
    ScanStats s3 = k.scan(changed, "v2", &other, 500, &v3);
    CHECK(v3 != v2);
    CHECK(s3.scanned == 4);
    CHECK(k.flags(v3).size() == 3);
    CHECK(k.flags(v2).empty());
}

// When a directory (or a new one) makes a message personal, the open flags an earlier version
// left on it must go: personal mail is not reviewed.
TEST_CASE("scan_case: a message that became personal loses its unreviewed flags") {
    ScanCase k;
    k.scan(k_rules(), "v1", nullptr);
    REQUIRE(k.count("SELECT count(*) FROM flags WHERE message_id=" + std::to_string(k.m2)) == 1);
    Directory dir = directory();
    ScanStats s = k.scan(k_rules(), "v1", &dir);
    CHECK(s.personal == 1);
    CHECK(k.count("SELECT count(*) FROM flags WHERE message_id=" + std::to_string(k.m2)) == 0);
}

TEST_CASE("scan_case: notify and retain rules queue notifications and keep mail") {
    ScanCase k;
    Directory dir = directory();
    std::vector<Rule> rules = k_rules();
    rules[0].notify = true;
    rules[1].retain = true;
    k.scan(rules, "v1", &dir);
    CHECK(k.count("SELECT count(*) FROM notifications") == 2);
    CHECK(k.count("SELECT count(*) FROM notifications n JOIN flags f ON f.id = n.flag_id "
                  "WHERE f.rule='low' AND f.message_id=" + std::to_string(k.m1)) == 2);
    CHECK(k.count("SELECT count(*) FROM retained") == 1);
    CHECK(k.count("SELECT message_id FROM retained") == k.m3);
    auto all = list_flags(k.c->db(), {});
    REQUIRE(all);
    for (const auto& f : *all) {
        CHECK(f.notified == (f.rule == "low"));
        CHECK(f.retained == (f.rule == "disc"));
    }
    k.scan(rules, "v1", &dir);
    CHECK(k.count("SELECT count(*) FROM notifications") == 2);
    CHECK(k.count("SELECT count(*) FROM retained") == 1);
}

// A notification references its flag: replacing flags must not trip the foreign key.
TEST_CASE("scan_case: a new version after notify hits still scans") {
    ScanCase k;
    Directory dir = directory();
    std::vector<Rule> rules = k_rules();
    rules[0].notify = true;
    k.scan(rules, "v1", &dir);
    Policy p;
    p.id = "sales";
    p.sha256 = "v2";
    p.rules = rules;
    auto rs = RuleSet::build({p}, &dir);
    REQUIRE(rs);
    auto m = make_hyperscan_matcher(*rs, "");
    REQUIRE(m);
    auto s = scan_case(*k.c, *rs, &dir, **m, 500, {});
    REQUIRE_MESSAGE(s, (s ? std::string() : s.error().message));
    CHECK(s->scanned == 4);
    // The old version's two notified flags went with their notifications; the new ones came.
    CHECK(k.count("SELECT count(*) FROM notifications") == 2);
    CHECK(k.count("SELECT count(*) FROM flags f JOIN notifications n ON n.flag_id = f.id "
                  "WHERE f.version = '" + rs->version() + "'") == 2);
}

TEST_CASE("scan_case: only messages imported since the last scan are scanned") {
    ScanCase k;
    Directory dir = directory();
    k.scan(k_rules(), "v1", &dir);
    k.t.file("more/5.eml", eml("emp@co.example", "buyer@buyer.example", k_tue, "five", "again",
                               "a discount"));
    k.add_mail({k.t.path + "/more"}, 1);
    std::vector<ScanProgress> progress;
    Policy p;
    p.id = "sales";
    p.path = "sales.toml";
    p.sha256 = "v1";
    p.rules = k_rules();
    auto rs = RuleSet::build({p}, &dir);
    REQUIRE(rs);
    auto m = make_hyperscan_matcher(*rs, "");
    REQUIRE(m);
    auto s = scan_case(*k.c, *rs, &dir, **m, 500,
                       [&](const ScanProgress& pr) { progress.push_back(pr); });
    REQUIRE(s);
    CHECK(s->scanned == 1);
    CHECK(s->new_flags == 1);
    REQUIRE_FALSE(progress.empty());
    CHECK(progress.back().done == 1);
    CHECK(progress.back().total == 1);
    S want = k_expected;
    want.push_back("m?/disc/body/2/10/open");
    CHECK(k.flags() == want);
}
