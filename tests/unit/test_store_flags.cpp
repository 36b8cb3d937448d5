// Unit tests of store/flags in a real case with three imported messages: storing a finding
// once, notifications and retained mail, replacing an older version's unreviewed flags,
// which messages a version has scanned, and listing, filtering and counting flags.
#include "mailscope/ingest/importer.hpp"
#include "mailscope/store/flags.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

using namespace ms;

namespace {

std::string eml(const std::string& id, const std::string& body) {
    return "From: a@co.example\nTo: b@co.example\nSubject: " + id +
           "\nDate: Tue, 18 Mar 2025 10:00:00 +0800\nMessage-ID: <" + id + "@co.example>\n\n" +
           body + "\n";
}

struct FlagCase {
    TempDir t;
    std::unique_ptr<Case> c;
    std::int64_t m1 = 0, m2 = 0, m3 = 0;

    FlagCase() {
        t.file("src/1.eml", eml("one", "first"));
        t.file("src/2.eml", eml("two", "second"));
        t.file("src/3.eml", eml("three", "third"));
        auto opened = Case::open(t.path + "/case", CaseMode::create);
        REQUIRE(opened);
        c = std::move(opened).value();
        ImportOptions o;
        o.sources = {t.path + "/src"};
        o.operator_name = "tester";
        o.tool_version = "test";
        auto rep = import_sources(*c, o, {});
        REQUIRE_MESSAGE(rep, (rep ? std::string() : rep.error().message));
        REQUIRE(rep->new_messages == 3);
        m1 = id_of("one@co.example");
        m2 = id_of("two@co.example");
        m3 = id_of("three@co.example");
    }
    std::int64_t id_of(const std::string& mid) {
        auto st = c->db().prepare("SELECT id FROM messages WHERE message_id=?");
        REQUIRE(st);
        st->bind(1, mid);
        auto row = st->step();
        REQUIRE(row);
        REQUIRE(*row);
        return st->int64(0);
    }
    std::int64_t count(const std::string& sql) {
        auto st = c->db().prepare(sql);
        REQUIRE(st);
        auto row = st->step();
        REQUIRE(row);
        REQUIRE(*row);
        return st->int64(0);
    }
    FlagWriter writer() {
        auto w = FlagWriter::create(c->db());
        REQUIRE(w);
        return std::move(w).value();
    }
    std::vector<FlagRow> list(const FlagFilter& f = {}) {
        auto r = list_flags(c->db(), f);
        REQUIRE(r);
        return std::move(r).value();
    }
};

FlagRow row(std::int64_t msg, const std::string& rule, const std::string& tier,
            std::uint32_t start, const std::string& version, const std::string& field = "body",
            const std::string& status = "open", const std::string& category = "pricing") {
    FlagRow f;
    f.message_id = msg;
    f.policy = "p";
    f.rule = rule;
    f.tier = tier;
    f.category = category;
    f.field = field;
    f.start = start;
    f.end = start + 3;
    f.matched = "abc";
    f.snippet = "«abc»";
    f.version = version;
    f.status = status;
    f.created_at = 1700000000;
    return f;
}

} // namespace

TEST_CASE("FlagWriter::add stores a finding once") {
    FlagCase k;
    FlagWriter w = k.writer();
    FlagRow a = row(k.m1, "r", "approval", 5, "v1");
    auto first = w.add(a, false, false);
    REQUIRE(first);
    CHECK(*first);
    CHECK(a.id > 0);
    FlagRow again = row(k.m1, "r", "approval", 5, "v1");
    auto second = w.add(again, false, false);
    REQUIRE(second);
    CHECK_FALSE(*second);
    CHECK(again.id == a.id);
    // Another start, field, rule or version is another flag.
    for (FlagRow f : {row(k.m1, "r", "approval", 6, "v1"), row(k.m1, "r", "approval", 5, "v1", "subject"),
                      row(k.m1, "q", "approval", 5, "v1"), row(k.m1, "r", "approval", 5, "v2")}) {
        auto r = w.add(f, false, false);
        REQUIRE(r);
        CHECK(*r);
    }
    CHECK(k.count("SELECT count(*) FROM flags") == 5);
    FlagFilter only;
    only.rule = "r";
    only.version = "v1";
    auto listed = k.list(only); // body 5 (a), body 6, subject 5
    REQUIRE(listed.size() == 3);
    CHECK(listed[0].id == a.id);
    CHECK(listed[0].policy == "p");
    CHECK(listed[0].matched == "abc");
    CHECK(listed[0].snippet == "«abc»");
    CHECK(listed[0].end == 8);
    CHECK(listed[0].created_at == 1700000000);
    CHECK_FALSE(listed[0].notified);
    CHECK_FALSE(listed[0].retained);
}

TEST_CASE("FlagWriter::add queues notifications and retains mail, once") {
    FlagCase k;
    FlagWriter w = k.writer();
    FlagRow n = row(k.m1, "notify-me", "forbidden", 0, "v1");
    REQUIRE(w.add(n, true, false));
    CHECK(n.notified);
    FlagRow n2 = row(k.m1, "notify-me", "forbidden", 0, "v1");
    REQUIRE(w.add(n2, true, false)); // the same finding again
    CHECK(k.count("SELECT count(*) FROM notifications") == 1);
    FlagRow r = row(k.m2, "keep", "approval", 0, "v1");
    REQUIRE(w.add(r, false, true));
    CHECK(r.retained);
    CHECK(k.count("SELECT count(*) FROM retained") == 1);
    CHECK(k.count("SELECT message_id FROM retained") == k.m2);
    auto listed = k.list();
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].rule == "notify-me");
    CHECK(listed[0].notified);
    CHECK_FALSE(listed[0].retained);
    CHECK(listed[1].rule == "keep");
    CHECK_FALSE(listed[1].notified);
    CHECK(listed[1].retained);
}

TEST_CASE("replace_stale drops an older version's unreviewed flags of that message only") {
    FlagCase k;
    FlagWriter w = k.writer();
    FlagRow open = row(k.m1, "a", "approval", 0, "v1");
    FlagRow allowed = row(k.m1, "b", "allowed", 1, "v1", "body", "allowed");
    FlagRow reviewed = row(k.m1, "c", "approval", 2, "v1", "body", "confirmed");
    FlagRow held = row(k.m1, "d", "approval", 3, "v1");
    FlagRow current = row(k.m1, "a", "approval", 0, "v2");
    FlagRow other = row(k.m2, "a", "approval", 0, "v1");
    for (FlagRow* f : {&open, &allowed, &reviewed, &current, &other}) REQUIRE(w.add(*f, false, false));
    REQUIRE(w.add(held, false, true));
    REQUIRE(w.replace_stale(k.m1, "v2"));
    std::vector<std::string> left;
    for (const auto& f : k.list()) left.push_back(std::to_string(f.message_id == k.m1) + f.rule + f.version);
    CHECK(left == std::vector<std::string>{"1av2", "1cv1", "0av1"});
    // The hold is on the message: it outlives the flag that placed it.
    CHECK(k.count("SELECT count(*) FROM retained WHERE message_id=" + std::to_string(k.m1)) == 1);
    for (const auto& f : k.list()) CHECK(f.retained == (f.message_id == k.m1));
}

TEST_CASE("replace_stale takes the notifications of the flags it drops") {
    FlagCase k;
    FlagWriter w = k.writer();
    FlagRow n = row(k.m1, "a", "forbidden", 0, "v1");
    FlagRow m = row(k.m2, "a", "forbidden", 0, "v1");
    REQUIRE(w.add(n, true, false));
    REQUIRE(w.add(m, true, false));
    auto r = w.replace_stale(k.m1, "v2");
    REQUIRE_MESSAGE(r, (r ? std::string() : r.error().message));
    CHECK(k.count("SELECT count(*) FROM flags") == 1);
    CHECK(k.count("SELECT count(*) FROM notifications") == 1);
}

TEST_CASE("replace_stale leaves the flags of policies the scan does not use") {
    FlagCase k;
    FlagWriter w = k.writer();
    FlagRow p = row(k.m1, "a", "approval", 0, "v1");
    FlagRow q = row(k.m1, "a", "approval", 0, "v1");
    q.policy = "q";
    REQUIRE(w.add(p, false, false));
    REQUIRE(w.add(q, false, false));
    REQUIRE(w.replace_stale(k.m1, "v2", "[\"p\", \"other\"]"));
    auto left = k.list();
    REQUIRE(left.size() == 1);
    CHECK(left[0].policy == "q");
    REQUIRE(w.replace_stale(k.m1, "v2", "*"));
    CHECK(k.list().empty());
}

TEST_CASE("mark_scanned, scan_counts and unscanned_messages") {
    FlagCase k;
    Db& db = k.c->db();
    REQUIRE(k.m1 < k.m2);
    REQUIRE(k.m2 < k.m3);
    auto unscanned = [&](const std::string& v, std::int64_t after, std::size_t limit) {
        auto r = unscanned_messages(db, v, after, limit);
        REQUIRE(r);
        return std::move(r).value();
    };
    using Ids = std::vector<std::int64_t>;
    CHECK(unscanned("v1", 0, 100) == Ids{k.m1, k.m2, k.m3});
    CHECK(unscanned("v1", 0, 2) == Ids{k.m1, k.m2});
    CHECK(unscanned("v1", k.m2, 100) == Ids{k.m3});
    CHECK(unscanned("v1", k.m3, 100).empty());

    FlagWriter w = k.writer();
    REQUIRE(w.mark_scanned(k.m2, "v1", false, 2, 100));
    REQUIRE(w.mark_scanned(k.m3, "v1", true, 0, 100));
    REQUIRE(w.mark_scanned(k.m1, "v2", false, 1, 100));
    CHECK(unscanned("v1", 0, 100) == Ids{k.m1});
    CHECK(unscanned("v2", 0, 100) == Ids{k.m2, k.m3});
    CHECK(unscanned("v3", 0, 100) == Ids{k.m1, k.m2, k.m3});

    auto c1 = scan_counts(db, "v1");
    REQUIRE(c1);
    CHECK(c1->scanned == 2);
    CHECK(c1->personal == 1);
    CHECK(c1->flagged_messages == 1);
    auto c3 = scan_counts(db, "v3");
    REQUIRE(c3);
    CHECK(c3->scanned == 0);
    CHECK(c3->personal == 0);
    CHECK(c3->flagged_messages == 0);
    // Marking again replaces the row.
    REQUIRE(w.mark_scanned(k.m2, "v1", false, 0, 200));
    c1 = scan_counts(db, "v1");
    CHECK(c1->scanned == 2);
    CHECK(c1->flagged_messages == 0);
}

TEST_CASE("list_flags filters and orders; tally_flags counts") {
    FlagCase k;
    FlagWriter w = k.writer();
    std::vector<FlagRow> rows = {
        row(k.m2, "low", "forbidden", 9, "v1"),
        row(k.m1, "disc", "approval", 4, "v1", "subject", "open", "discount"),
        row(k.m1, "low", "forbidden", 2, "v1"),
        row(k.m1, "ok", "allowed", 2, "v1", "body", "allowed", "fine"),
        row(k.m1, "low", "forbidden", 1, "v0"),
        row(k.m3, "disc", "approval", 0, "v1", "attachment:a.txt", "open", "discount"),
    };
    for (auto& f : rows) REQUIRE(w.add(f, false, false));
    auto key = [](const std::vector<FlagRow>& v) {
        std::vector<std::string> out;
        for (const auto& f : v)
            out.push_back(std::to_string(f.message_id) + "/" + f.field + "/" +
                          std::to_string(f.start) + "/" + f.rule + "/" + f.version);
        return out;
    };
    using S = std::vector<std::string>;
    const std::string a = std::to_string(k.m1), b = std::to_string(k.m2), c = std::to_string(k.m3);
    // Ordered by message, field, start, rule.
    CHECK(key(k.list()) == S{a + "/body/1/low/v0", a + "/body/2/low/v1", a + "/body/2/ok/v1",
                             a + "/subject/4/disc/v1", b + "/body/9/low/v1",
                             c + "/attachment:a.txt/0/disc/v1"} );
    FlagFilter f;
    f.version = "v1";
    CHECK(k.list(f).size() == 5);
    f.status = "open";
    CHECK(k.list(f).size() == 4);
    f.min_tier = "forbidden";
    CHECK(key(k.list(f)) == S{a + "/body/2/low/v1", b + "/body/9/low/v1"});
    f = {};
    f.min_tier = "approval";
    CHECK(k.list(f).size() == 5);
    f.min_tier = "allowed";
    CHECK(k.list(f).size() == 6);
    f = {};
    f.rule = "disc";
    CHECK(k.list(f).size() == 2);
    f = {};
    f.category = "fine";
    CHECK(key(k.list(f)) == S{a + "/body/2/ok/v1"});
    f = {};
    f.message_id = k.m3;
    CHECK(key(k.list(f)) == S{c + "/attachment:a.txt/0/disc/v1"});
    f = {};
    f.version = "v0";
    f.rule = "low";
    f.message_id = k.m1;
    CHECK(k.list(f).size() == 1);
    f.version = "none";
    CHECK(k.list(f).empty());

    auto tally = tally_flags(k.c->db(), "v1");
    REQUIRE(tally);
    std::vector<std::string> t;
    for (const auto& x : *tally) t.push_back(x.tier + ":" + x.category + ":" + std::to_string(x.count));
    CHECK(t == S{"allowed:fine:1", "approval:discount:2", "forbidden:pricing:2"});
}

TEST_CASE("tier_rank") {
    CHECK(tier_rank("allowed") == 0);
    CHECK(tier_rank("approval") == 1);
    CHECK(tier_rank("forbidden") == 2);
    CHECK(tier_rank("other") == -1);
}
