// Unit tests of store/writer and store/reader: a parsed message written with two locations and
// read back, blob deduplication, problems.
#include "mailscope/mime/headers.hpp"
#include "mailscope/source/source.hpp"
#include "mailscope/store/case.hpp"
#include "mailscope/store/evidence.hpp"
#include "mailscope/store/reader.hpp"
#include "mailscope/store/writer.hpp"
#include "mailscope/util/time.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <cstdlib>
#include <filesystem>

using namespace ms;
namespace fs = std::filesystem;

namespace {

const std::string k_raw = "From: Alice <Alice@Example.com>\n"
                          "To: Bob <bob@example.com>, carol@example.com\n"
                          "Cc: dave@example.com\n"
                          "Bcc: eve@example.com\n"
                          "Reply-To: replies@example.com\n"
                          "Subject: Store me\n"
                          "Date: Mon, 14 May 2001 09:39:00 -0700\n"
                          "Message-ID: <store@example.com>\n"
                          "In-Reply-To: <p1@x>\n"
                          "References: <p0@x> <p1@x>\n"
                          "Content-Type: multipart/mixed; boundary=\"m\"\n"
                          "\n"
                          "--m\nContent-Type: text/plain\n\nbody\n"
                          "--m\nContent-Type: application/octet-stream\n"
                          "Content-Disposition: attachment; filename=\"a.bin\"\n"
                          "Content-Transfer-Encoding: base64\n\nSGVsbG8gd29ybGQ=\n"
                          "--m--\n";

// A case with one evidence row, ready for a writer.
struct Fixture {
    TempDir t;
    std::unique_ptr<Case> c;
    std::int64_t evidence = 0;
    Fixture() {
        auto opened = Case::open(t.path + "/case", CaseMode::create);
        REQUIRE(opened);
        c = std::move(opened).value();
        EvidenceRow e;
        e.path = "/evidence/inbox.mbox";
        e.format = "mbox";
        e.kind = "file";
        e.operator_name = "tester";
        e.tool_version = "test";
        e.started_at = 1;
        e.status = "importing";
        auto id = insert_evidence(c->db(), e);
        REQUIRE(id);
        evidence = *id;
    }
    std::int64_t count(const std::string& sql) {
        auto st = c->db().prepare(sql);
        REQUIRE(st);
        auto row = st->step();
        REQUIRE(row);
        REQUIRE(*row);
        return st->int64(0);
    }
};

} // namespace

TEST_CASE("MessageWriter and MessageReader round trip a message with two locations") {
    Fixture f;
    Db& db = f.c->db();
    auto parsed = parse_message(k_raw);
    REQUIRE(parsed);
    std::string key = content_key(k_raw);

    auto w = MessageWriter::create(db);
    REQUIRE(w);
    std::int64_t id = 0;
    {
        auto tx = Transaction::begin(db);
        REQUIRE(tx);
        auto blob = w->ensure_blob(k_raw);
        REQUIRE(blob);
        auto ins = w->insert_message(key, *blob, *parsed, k_raw.size(), k_flag_known | k_flag_seen,
                                     1000, 1);
        REQUIRE(ins);
        id = *ins;
        LocationRow first{f.evidence, "@0", "inbox", "alice", k_flag_known | k_flag_seen,
                          "store@example.com", *blob};
        LocationRow second{f.evidence, "@5000", "archive", "alice-archive",
                           k_flag_known | k_flag_starred, "copy@example.com", *blob};
        CHECK(*w->add_location(id, first) == true);
        CHECK(*w->add_location(id, second) == true);
        // The same (evidence, locator) again is not a new location and merges nothing.
        LocationRow again = first;
        again.flags = k_flag_known | k_flag_draft;
        CHECK(*w->add_location(id, again) == false);
        REQUIRE(tx->commit());
    }

    auto r = MessageReader::create(db);
    REQUIRE(r);
    auto s = r->summary(id);
    REQUIRE(s);
    CHECK(s->id == id);
    CHECK(s->message_id == "store@example.com");
    REQUIRE(s->date);
    CHECK(*s->date == epoch_from_civil(2001, 5, 14, 16, 39, 0));
    CHECK(s->tz_offset_min == -420);
    CHECK(s->from.name == "Alice");
    CHECK(s->from.addr == "alice@example.com");
    CHECK(s->subject == "Store me");
    CHECK(s->in_reply_to == std::vector<std::string>{"p1@x"});
    CHECK(s->references == std::vector<std::string>{"p0@x", "p1@x"});
    CHECK(s->thread_id == id); // no thread computed yet: its own
    CHECK(s->size == k_raw.size());
    CHECK(s->sha256 == to_hex(sha256(k_raw)));
    CHECK(s->warnings.empty());

    // Recipients in header order, per kind.
    REQUIRE(s->to.size() == 2);
    CHECK(s->to[0].name == "Bob");
    CHECK(s->to[0].addr == "bob@example.com");
    CHECK(s->to[1].name == "");
    CHECK(s->to[1].addr == "carol@example.com");
    REQUIRE(s->cc.size() == 1);
    CHECK(s->cc[0].addr == "dave@example.com");
    REQUIRE(s->bcc.size() == 1);
    CHECK(s->bcc[0].addr == "eve@example.com");
    REQUIRE(s->reply_to.size() == 1);
    CHECK(s->reply_to[0].addr == "replies@example.com");

    // Attachments.
    CHECK(s->has_attachment);
    REQUIRE(s->attachments.size() == 1);
    CHECK(s->attachments[0].part == "2");
    CHECK(s->attachments[0].filename == "a.bin");
    CHECK(s->attachments[0].content_type == "application/octet-stream");
    CHECK(s->attachments[0].size == 11);
    CHECK(s->attachments[0].sha256 ==
          "64ec88ca00b268e5ba1a35678a1b5316d212f4f366b2477232534a8aeca37f3c");
    CHECK_FALSE(s->attachments[0].is_inline);

    // Locations in insertion order; the message's flags are the union of its copies'.
    CHECK(s->flags == (k_flag_known | k_flag_seen | k_flag_starred));
    REQUIRE(s->locations.size() == 2);
    CHECK(s->locations[0].evidence_id == f.evidence);
    CHECK(s->locations[0].evidence == "/evidence/inbox.mbox");
    CHECK(s->locations[0].format == "mbox");
    CHECK(s->locations[0].locator == "@0");
    CHECK(s->locations[0].folder == "inbox");
    CHECK(s->locations[0].custodian == "alice");
    CHECK(s->locations[0].flags == (k_flag_known | k_flag_seen));
    CHECK(s->locations[0].message_id == "store@example.com");
    CHECK(s->locations[1].locator == "@5000");
    CHECK(s->locations[1].folder == "archive");
    CHECK(s->locations[1].custodian == "alice-archive");
    CHECK(s->locations[1].flags == (k_flag_known | k_flag_starred));
    CHECK(s->locations[1].message_id == "copy@example.com");

    // The raw bytes come back exactly.
    auto raw = r->raw(id);
    REQUIRE(raw);
    CHECK(*raw == k_raw);

    // The dedup key finds it; the message is queued for indexing.
    auto found = w->find_message(key);
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK(**found == id);
    auto missing = w->find_message(std::string(32, 'x'));
    REQUIRE(missing);
    CHECK_FALSE(missing->has_value());
    CHECK(f.count("SELECT count(*) FROM pending_index WHERE message_id=" + std::to_string(id)) == 1);
}

TEST_CASE("MessageReader: unknown ids are Errc::not_found") {
    Fixture f;
    auto r = MessageReader::create(f.c->db());
    REQUIRE(r);
    auto s = r->summary(4242);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == Errc::not_found);
    auto raw = r->raw(4242);
    REQUIRE_FALSE(raw);
    CHECK(raw.error().code == Errc::not_found);
}

TEST_CASE("MessageWriter stores warnings and an empty date") {
    Fixture f;
    Db& db = f.c->db();
    std::string raw = "From: a@example.com\nSubject: undated\n\nbody\n";
    auto parsed = parse_message(raw);
    REQUIRE(parsed);
    REQUIRE(parsed->warnings.size() == 1);
    auto w = MessageWriter::create(db);
    REQUIRE(w);
    auto blob = w->ensure_blob(raw);
    REQUIRE(blob);
    auto id = w->insert_message(content_key(raw), *blob, *parsed, raw.size(), 0, 1, 1);
    REQUIRE(id);
    auto s = MessageReader::create(db)->summary(*id);
    REQUIRE(s);
    CHECK_FALSE(s->date);
    CHECK(s->warnings == parsed->warnings);
    CHECK(s->flags == 0);
    CHECK_FALSE(s->has_attachment);
    CHECK(s->locations.empty());
}

TEST_CASE("ensure_blob stores identical bytes once") {
    Fixture f;
    auto w = MessageWriter::create(f.c->db());
    REQUIRE(w);
    auto a = w->ensure_blob(k_raw);
    auto b = w->ensure_blob(k_raw);
    auto c = w->ensure_blob(k_raw + "\n");
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    CHECK(*a == *b);
    CHECK(*a != *c);
    CHECK(f.count("SELECT count(*) FROM blobs") == 2);
    CHECK(f.count("SELECT size FROM blobs WHERE id=" + std::to_string(*a)) ==
          static_cast<std::int64_t>(k_raw.size()));
}

TEST_CASE("add_problem records one row per locator, the last reason winning") {
    Fixture f;
    auto w = MessageWriter::create(f.c->db());
    REQUIRE(w);
    REQUIRE(w->add_problem(f.evidence, "@100", "first reason", false, std::nullopt));
    REQUIRE(w->add_problem(f.evidence, "@100", "second reason", false, std::nullopt));
    REQUIRE(w->add_problem(f.evidence, "notes.txt", "not a mail file", true, std::nullopt));
    CHECK(f.count("SELECT count(*) FROM problems") == 2);
    CHECK(f.count("SELECT count(*) FROM problems WHERE locator='@100' AND "
                  "reason='second reason'") == 1);
    CHECK(f.count("SELECT count(*) FROM problems WHERE skipped=1") == 1);
}
