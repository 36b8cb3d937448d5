// Unit tests of store/evidence: evidence rows, the locators already stored for resume, and the
// manifest hash of a directory source.
#include "mailscope/store/case.hpp"
#include "mailscope/store/evidence.hpp"
#include "mailscope/store/writer.hpp"
#include "mailscope/util/hash.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <cstdlib>
#include <filesystem>

using namespace ms;
namespace fs = std::filesystem;

namespace {

EvidenceRow row(const std::string& path) {
    EvidenceRow e;
    e.path = path;
    e.format = "maildir";
    e.kind = "directory";
    e.size = 1234;
    e.mtime = 989858340;
    e.custodian = "alice";
    e.operator_name = "tester";
    e.tool_version = "0.1.0";
    e.started_at = 1000;
    e.status = "importing";
    return e;
}

struct Fixture {
    TempDir t;
    std::unique_ptr<Case> c;
    Fixture() {
        auto opened = Case::open(t.path + "/case", CaseMode::create);
        REQUIRE(opened);
        c = std::move(opened).value();
    }
};

} // namespace

TEST_CASE("insert_evidence and find_evidence round trip the row") {
    Fixture f;
    Db& db = f.c->db();
    auto id = insert_evidence(db, row("/ev/alice"));
    REQUIRE(id);
    auto found = find_evidence(db, "/ev/alice", "");
    REQUIRE(found);
    REQUIRE(found->has_value());
    const EvidenceRow& e = **found;
    CHECK(e.id == *id);
    CHECK(e.path == "/ev/alice");
    CHECK(e.format == "maildir");
    CHECK(e.kind == "directory");
    CHECK(e.size == 1234);
    CHECK(e.mtime == 989858340);
    CHECK(e.custodian == "alice");
    CHECK(e.operator_name == "tester");
    CHECK(e.tool_version == "0.1.0");
    CHECK(e.started_at == 1000);
    CHECK(e.finished_at == 0); // not finished yet
    CHECK(e.status == "importing");

    auto none = find_evidence(db, "/ev/bob", "");
    REQUIRE(none);
    CHECK_FALSE(none->has_value());
}

TEST_CASE("finish_evidence records the outcome; find_evidence can match the hash") {
    Fixture f;
    Db& db = f.c->db();
    EvidenceRow e = row("/ev/inbox.mbox");
    auto id = insert_evidence(db, e);
    REQUIRE(id);
    e.id = *id;
    e.sha256 = std::string(64, 'a');
    e.size = 99;
    e.finished_at = 2000;
    e.status = "partial";
    e.messages = 10;
    e.new_messages = 8;
    e.failures = 1;
    e.skipped = 2;
    e.error = "something";
    REQUIRE(finish_evidence(db, e));

    auto by_hash = find_evidence(db, "/ev/inbox.mbox", std::string(64, 'a'));
    REQUIRE(by_hash);
    REQUIRE(by_hash->has_value());
    CHECK((*by_hash)->status == "partial");
    CHECK((*by_hash)->size == 99);
    CHECK((*by_hash)->finished_at == 2000);
    CHECK((*by_hash)->messages == 10);
    CHECK((*by_hash)->new_messages == 8);
    CHECK((*by_hash)->failures == 1);
    CHECK((*by_hash)->skipped == 2);
    CHECK((*by_hash)->error == "something");

    auto other_hash = find_evidence(db, "/ev/inbox.mbox", std::string(64, 'b'));
    REQUIRE(other_hash);
    CHECK_FALSE(other_hash->has_value());
}

TEST_CASE("find_evidence returns the newest row of a path; list_evidence all in order") {
    Fixture f;
    Db& db = f.c->db();
    auto first = insert_evidence(db, row("/ev/a"));
    auto other = insert_evidence(db, row("/ev/b"));
    auto second = insert_evidence(db, row("/ev/a"));
    REQUIRE(first);
    REQUIRE(other);
    REQUIRE(second);
    auto found = find_evidence(db, "/ev/a", "");
    REQUIRE(found);
    CHECK((*found)->id == *second);

    auto all = list_evidence(db);
    REQUIRE(all);
    REQUIRE(all->size() == 3);
    CHECK((*all)[0].id == *first);
    CHECK((*all)[1].path == "/ev/b");
    CHECK((*all)[2].id == *second);
}

TEST_CASE("stored_locators and manifest_hash") {
    Fixture f;
    Db& db = f.c->db();
    auto ev = insert_evidence(db, row("/ev/alice"));
    auto other_ev = insert_evidence(db, row("/ev/bob"));
    REQUIRE(ev);
    REQUIRE(other_ev);

    auto empty = manifest_hash(db, *ev);
    REQUIRE(empty);
    CHECK(*empty == to_hex(sha256("")));

    const std::string raw_b = "Subject: b\n\nsecond\n";
    const std::string raw_a = "Subject: a\n\nfirst\n";
    auto w = MessageWriter::create(db);
    REQUIRE(w);
    Message m;
    auto blob_b = w->ensure_blob(raw_b);
    auto blob_a = w->ensure_blob(raw_a);
    REQUIRE(blob_b);
    REQUIRE(blob_a);
    auto id_b = w->insert_message("key-b", *blob_b, m, raw_b.size(), 0, 1, 1);
    auto id_a = w->insert_message("key-a", *blob_a, m, raw_a.size(), 0, 1, 1);
    REQUIRE(id_b);
    REQUIRE(id_a);
    // Inserted out of locator order: the manifest sorts by locator.
    REQUIRE(w->add_location(*id_b, {*ev, "cur/2:2,S", "INBOX", "alice", 0, "", *blob_b}));
    REQUIRE(w->add_location(*id_a, {*ev, "cur/1:2,S", "INBOX", "alice", 0, "", *blob_a}));
    REQUIRE(w->add_location(*id_a, {*other_ev, "elsewhere", "", "bob", 0, "", *blob_a}));
    REQUIRE(w->add_problem(*ev, "cur/3:2,", "not an email message", false, std::nullopt));

    auto locs = stored_locators(db, *ev);
    REQUIRE(locs);
    CHECK(locs->size() == 3);
    CHECK(locs->count("cur/1:2,S") == 1);
    CHECK(locs->count("cur/2:2,S") == 1);
    CHECK(locs->count("cur/3:2,") == 1);
    CHECK(locs->count("elsewhere") == 0);

    // SHA-256 over "<blob sha256 hex>  <locator>\n" per location, ordered by locator.
    std::string manifest = to_hex(sha256(raw_a)) + "  cur/1:2,S\n" + to_hex(sha256(raw_b)) +
                           "  cur/2:2,S\n";
    auto h = manifest_hash(db, *ev);
    REQUIRE(h);
    CHECK(*h == to_hex(sha256(manifest)));
}
