// Unit tests of the review of flags in store/flags and store/schema: the status each review
// action leaves, add_review (the row and the flag's status in one step), reviews_of in the
// order the steps were taken, FlagFilter::flag_id, a later rule-set version finding a reviewed
// finding again, and the migration of a version 3 case to the current schema.
#include "db_scalar.hpp"
#include "mailscope/ingest/importer.hpp"
#include "mailscope/store/flags.hpp"
#include "mailscope/store/schema.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

using namespace ms;

namespace {

std::string eml(const std::string& id) {
    return "From: a@co.example\nTo: b@co.example\nSubject: " + id +
           "\nDate: Tue, 18 Mar 2025 10:00:00 +0800\nMessage-ID: <" + id + "@co.example>\n\nbody\n";
}

struct ReviewCase {
    TempDir t;
    std::unique_ptr<Case> c;
    std::int64_t m1 = 0, m2 = 0;

    ReviewCase() {
        t.file("src/1.eml", eml("one"));
        t.file("src/2.eml", eml("two"));
        auto opened = Case::open(t.path + "/case", CaseMode::create);
        REQUIRE(opened);
        c = std::move(opened).value();
        ImportOptions o;
        o.sources = {t.path + "/src"};
        o.operator_name = "tester";
        o.tool_version = "test";
        auto rep = import_sources(*c, o, {});
        REQUIRE_MESSAGE(rep, (rep ? std::string() : rep.error().message));
        REQUIRE(rep->new_messages == 2);
        m1 = scalar("SELECT id FROM messages WHERE message_id='one@co.example'");
        m2 = scalar("SELECT id FROM messages WHERE message_id='two@co.example'");
    }
    std::int64_t scalar(const std::string& sql) {
        return db_scalar(c->db(), sql);
    }
    std::string text(const std::string& sql) {
        auto st = c->db().prepare(sql);
        REQUIRE(st);
        auto row = st->step();
        REQUIRE(row);
        REQUIRE(*row);
        return st->text(0);
    }
    std::int64_t add_flag(std::int64_t msg, const std::string& rule, std::uint32_t start,
                          const std::string& version = "v1") {
        auto w = FlagWriter::create(c->db());
        REQUIRE(w);
        FlagRow f;
        f.message_id = msg;
        f.policy = "p";
        f.rule = rule;
        f.tier = "approval";
        f.category = "pricing";
        f.field = "body";
        f.start = start;
        f.end = start + 3;
        f.matched = "abc";
        f.snippet = "«abc»";
        f.version = version;
        f.status = "open";
        f.created_at = 1700000000;
        auto added = w->add(f, false, false);
        REQUIRE(added);
        return f.id;
    }
    FlagRow flag(std::int64_t id) {
        FlagFilter ff;
        ff.flag_id = id;
        auto r = list_flags(c->db(), ff);
        REQUIRE(r);
        REQUIRE(r->size() == 1);
        return r->front();
    }
};

ReviewRow step(std::int64_t flag, std::int64_t at, const std::string& action,
               const std::string& person = "zhao.min@co.example",
               const std::string& role = "compliance") {
    ReviewRow r;
    r.flag_id = flag;
    r.at = at;
    r.person = person;
    r.role = role;
    r.action = action;
    r.note = "note of " + action;
    return r;
}

} // namespace

TEST_CASE("status_after maps each review action to the status it leaves") {
    CHECK(status_after("appeal") == "appealed");
    CHECK(status_after("confirm") == "confirmed");
    CHECK(status_after("dismiss") == "dismissed");
    CHECK(status_after("escalate") == "escalated");
    CHECK(status_after("") == "");
    CHECK(status_after("open") == "");
    CHECK(status_after("Confirm") == "");
}

TEST_CASE("add_review records the step and sets the flag's status") {
    ReviewCase k;
    std::int64_t f1 = k.add_flag(k.m1, "r", 5);
    std::int64_t f2 = k.add_flag(k.m1, "q", 9);
    auto done = add_review(k.c->db(), step(f1, 100, "appeal", "a@co.example", "employee"));
    REQUIRE(done);
    CHECK(done->id > 0);
    CHECK(done->status == "appealed");
    CHECK(k.flag(f1).status == "appealed");
    CHECK(k.flag(f2).status == "open");  // only the flag reviewed
    CHECK(k.scalar("SELECT count(*) FROM reviews") == 1);
    CHECK(k.text("SELECT person || '|' || role || '|' || action || '|' || note || '|' || status "
                 "|| '|' || at FROM reviews") == "a@co.example|employee|appeal|note of appeal|appealed|100");
    CHECK(k.scalar("SELECT flag_id FROM reviews") == f1);

    for (auto [action, status] : {std::pair{"escalate", "escalated"}, std::pair{"confirm", "confirmed"},
                                  std::pair{"dismiss", "dismissed"}}) {
        auto r = add_review(k.c->db(), step(f2, 200, action));
        REQUIRE(r);
        CHECK(r->status == status);
        CHECK(k.flag(f2).status == status);
    }
    CHECK(k.scalar("SELECT count(*) FROM reviews") == 4);

    SUBCASE("an unknown action records nothing and changes nothing") {
        auto bad = add_review(k.c->db(), step(f1, 300, "reopen"));
        CHECK_FALSE(bad);
        CHECK(k.scalar("SELECT count(*) FROM reviews") == 4);
        CHECK(k.flag(f1).status == "appealed");
    }
}

TEST_CASE("reviews_of lists a flag's steps in the order they were taken") {
    ReviewCase k;
    std::int64_t f1 = k.add_flag(k.m1, "r", 5);
    std::int64_t f2 = k.add_flag(k.m2, "r", 5);
    // Interleaved with another flag's steps; the clock may even go backwards.
    REQUIRE(add_review(k.c->db(), step(f1, 300, "appeal", "a@co.example", "employee")));
    REQUIRE(add_review(k.c->db(), step(f2, 100, "confirm")));
    REQUIRE(add_review(k.c->db(), step(f1, 200, "escalate")));
    REQUIRE(add_review(k.c->db(), step(f1, 400, "dismiss")));
    auto h = reviews_of(k.c->db(), f1);
    REQUIRE(h);
    REQUIRE(h->size() == 3);
    CHECK((*h)[0].action == "appeal");
    CHECK((*h)[0].person == "a@co.example");
    CHECK((*h)[0].role == "employee");
    CHECK((*h)[0].at == 300);
    CHECK((*h)[0].status == "appealed");
    CHECK((*h)[1].action == "escalate");
    CHECK((*h)[1].status == "escalated");
    CHECK((*h)[2].action == "dismiss");
    CHECK((*h)[2].note == "note of dismiss");
    CHECK((*h)[2].status == "dismissed");
    CHECK((*h)[0].id < (*h)[1].id);
    CHECK((*h)[1].id < (*h)[2].id);
    for (const auto& r : *h) CHECK(r.flag_id == f1);
    auto other = reviews_of(k.c->db(), f2);
    REQUIRE(other);
    REQUIRE(other->size() == 1);
    CHECK(other->front().action == "confirm");
    auto none = reviews_of(k.c->db(), 999999);
    REQUIRE(none);
    CHECK(none->empty());
}

TEST_CASE("FlagFilter::flag_id selects one flag (review), with the other filters") {
    ReviewCase k;
    std::int64_t f1 = k.add_flag(k.m1, "r", 5);
    std::int64_t f2 = k.add_flag(k.m2, "q", 7);
    CHECK(k.flag(f1).rule == "r");
    CHECK(k.flag(f2).message_id == k.m2);
    FlagFilter ff;
    ff.flag_id = f2;
    ff.message_id = k.m2;
    auto both = list_flags(k.c->db(), ff);
    REQUIRE(both);
    CHECK(both->size() == 1);
    ff.message_id = k.m1;  // flag f2 is not on m1
    auto mismatch = list_flags(k.c->db(), ff);
    REQUIRE(mismatch);
    CHECK(mismatch->empty());
    FlagFilter by_status;
    by_status.flag_id = f1;
    by_status.status = "appealed";
    auto none = list_flags(k.c->db(), by_status);
    REQUIRE(none);
    CHECK(none->empty());
    REQUIRE(add_review(k.c->db(), step(f1, 1, "appeal")));
    auto one = list_flags(k.c->db(), by_status);
    REQUIRE(one);
    REQUIRE(one->size() == 1);
    CHECK(one->front().id == f1);
    FlagFilter missing;
    missing.flag_id = f2 + 1000;
    auto empty = list_flags(k.c->db(), missing);
    REQUIRE(empty);
    CHECK(empty->empty());
    FlagFilter all;
    auto every = list_flags(k.c->db(), all);
    REQUIRE(every);
    CHECK(every->size() == 2);
}

TEST_CASE("a later rule-set version keeps a reviewed flag and adds no second one") {
    ReviewCase k;
    std::int64_t reviewed = k.add_flag(k.m1, "r", 5, "v1");
    std::int64_t untouched = k.add_flag(k.m1, "q", 9, "v1");
    REQUIRE(add_review(k.c->db(), step(reviewed, 1, "dismiss")));
    auto w = FlagWriter::create(k.c->db());
    REQUIRE(w);
    REQUIRE(w->replace_stale(k.m1, "v2"));
    CHECK(k.scalar("SELECT count(*) FROM flags") == 1);  // the open v1 flag is stale
    FlagRow again;
    again.message_id = k.m1;
    again.policy = "p";
    again.rule = "r";
    again.tier = "approval";
    again.field = "body";
    again.start = 5;
    again.end = 8;
    again.version = "v2";
    again.status = "open";
    auto added = w->add(again, false, false);
    REQUIRE(added);
    CHECK_FALSE(*added);
    CHECK(again.id == reviewed);
    CHECK(k.flag(reviewed).status == "dismissed");
    CHECK(k.scalar("SELECT count(*) FROM flags WHERE rule='r'") == 1);
    (void)untouched;
}

// Takes a case back to schema version 3, as written before reviews (4), learning (5) and the
// chain of custody (6) and shards (7).
static void back_to_v3(Db& db) {
    REQUIRE(db.exec("DROP TABLE shard_custodians; DROP TABLE shards; DROP TABLE custody; DROP TABLE reviews; DROP TABLE context_models; DROP TABLE votes; "
                    "DROP TABLE proposals; ALTER TABLE flags DROP COLUMN fp_score; "
                    "ALTER TABLE flags DROP COLUMN likely_fp"));
    REQUIRE(db.exec("UPDATE meta SET value='3' WHERE key='schema_version'"));
}

TEST_CASE("the schema has the reviews table, and a version 3 case is migrated to it") {
    ReviewCase k;
    CHECK(k_schema_version == 7);
    auto v = schema_version(k.c->db());
    REQUIRE(v);
    CHECK(*v == 7);
    CHECK(k.scalar("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='reviews'") == 1);
    CHECK(k.scalar("SELECT count(*) FROM sqlite_master WHERE type='index' AND name='reviews_flag'") == 1);

    // Back to version 3, as a case written before reviews existed.
    std::int64_t f = k.add_flag(k.m1, "r", 5);
    back_to_v3(k.c->db());
    auto v3 = schema_version(k.c->db());
    REQUIRE(v3);
    CHECK(*v3 == 3);
    REQUIRE(migrate(k.c->db()));
    auto v4 = schema_version(k.c->db());
    REQUIRE(v4);
    CHECK(*v4 == 7);
    CHECK(k.scalar("SELECT count(*) FROM custody") == 0);
    CHECK(k.scalar("SELECT count(*) FROM context_models") == 0);
    CHECK(k.scalar("SELECT count(*) FROM flags WHERE likely_fp=0 AND fp_score IS NULL") == 1);
    CHECK(k.scalar("SELECT count(*) FROM reviews") == 0);
    CHECK(k.flag(f).status == "open");  // the flags survive the migration
    REQUIRE(add_review(k.c->db(), step(f, 1, "confirm")));
    CHECK(k.flag(f).status == "confirmed");
    // Migrating again changes nothing.
    REQUIRE(migrate(k.c->db()));
    CHECK(k.scalar("SELECT count(*) FROM reviews") == 1);

    SUBCASE("reopening the case through Case::open migrates it too") {
        back_to_v3(k.c->db());
        k.c.reset();
        auto opened = Case::open(k.t.path + "/case", CaseMode::read_write);
        REQUIRE(opened);
        auto v2 = schema_version((*opened)->db());
        REQUIRE(v2);
        CHECK(*v2 == 7);
    }
}
