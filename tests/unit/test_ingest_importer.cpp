// End-to-end unit test of ingest/importer over a tiny mbox, maildir and tree written by the
// test: counts, deduplication across sources, problems, and a second run over the same sources.
#include "mailscope/analytics/threads.hpp"
#include "mailscope/ingest/importer.hpp"
#include "mailscope/store/reader.hpp"
#include "mailscope/util/hash.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace ms;
namespace fs = std::filesystem;

namespace {

const std::string k_one_headers = "From: Alice <alice@example.com>\n"
                                  "To: bob@example.com\n"
                                  "Subject: One\n"
                                  "Date: Mon, 14 May 2001 09:39:00 -0700\n"
                                  "Message-ID: <one@example.com>\n";

// inbox.mbox: message one, its reply, and a "message" that has no header at all.
const std::string k_mbox = "From alice@example.com Mon May 14 16:39:00 2001\n" + k_one_headers +
                           "Status: RO\n"
                           "\n"
                           "First message.\n"
                           "\n"
                           "From bob@example.com Tue May 15 10:00:00 2001\n"
                           "From: Bob <bob@example.com>\n"
                           "To: alice@example.com\n"
                           "Subject: Re: One\n"
                           "Date: Tue, 15 May 2001 10:00:00 +0000\n"
                           "Message-ID: <two@example.com>\n"
                           "In-Reply-To: <one@example.com>\n"
                           "\n"
                           "Second message.\n"
                           "\n"
                           "From nobody@example.com Wed May 16 10:00:00 2001\n"
                           "this is not a header line at all\n"
                           "just text\n";

// The maildir's copy of message one: delivered with a Received header and no Status.
const std::string k_one_delivered =
    "Received: from mx.example.com by mail.example.com; Mon, 14 May 2001 16:39:05 +0000\n" +
    k_one_headers + "\nFirst message.\n";

const std::string k_three = "From: Carol <carol@example.com>\nTo: alice@example.com\n"
                            "Subject: Three\nDate: Wed, 16 May 2001 12:00:00 +0000\n"
                            "Message-ID: <three@example.com>\n\nThird message.\n";

const std::string k_four = "From: Dave <dave@example.com>\nTo: alice@example.com\n"
                           "Subject: Four\nDate: Thu, 17 May 2001 12:00:00 +0000\n"
                           "Message-ID: <four@example.com>\n\nFourth message.\n";

struct Corpus {
    TempDir t;
    std::string mbox, maildir, tree, case_dir;
    Corpus() {
        mbox = t.file("src/inbox.mbox", k_mbox);
        t.file("src/maildir/cur/1000.host:2,S", k_one_delivered);
        t.file("src/maildir/new/1001.host", k_three);
        fs::create_directories(t.path + "/src/maildir/tmp");
        maildir = t.path + "/src/maildir";
        t.file("src/tree/a.eml", k_four);
        t.file("src/tree/notes.txt", "shopping list\n- milk\n- bread\n");
        tree = t.path + "/src/tree";
        case_dir = t.path + "/case";
    }
    ImportOptions options() const {
        ImportOptions o;
        o.sources = {mbox, maildir, tree};
        o.operator_name = "tester";
        o.tool_version = "test";
        return o;
    }
};

std::unique_ptr<Case> open_case(const std::string& dir) {
    auto c = Case::open(dir, CaseMode::create);
    REQUIRE_MESSAGE(c, (c ? std::string() : c.error().message));
    return std::move(c).value();
}

ImportReport run(Case& c, const ImportOptions& o) {
    auto r = import_sources(c, o, {});
    REQUIRE_MESSAGE(r, (r ? std::string() : r.error().message));
    return std::move(r).value();
}

std::int64_t count(Case& c, const std::string& sql) {
    auto st = c.db().prepare(sql);
    REQUIRE(st);
    auto row = st->step();
    REQUIRE(row);
    REQUIRE(*row);
    return st->int64(0);
}

} // namespace

TEST_CASE("import_sources: counts, dedup and problems over mbox, maildir and tree") {
    Corpus k;
    auto c = open_case(k.case_dir);
    ImportReport rep = run(*c, k.options());

    CHECK(rep.messages == 5);
    CHECK(rep.new_messages == 4);
    CHECK(rep.duplicates == 1);
    CHECK(rep.failures == 1);
    CHECK(rep.skipped == 1);
    CHECK(rep.partial());
    REQUIRE(rep.evidence.size() == 3);

    const EvidenceReport& mbox = rep.evidence[0];
    CHECK_FALSE(mbox.already_imported);
    CHECK(mbox.messages == 2);
    CHECK(mbox.new_messages == 2);
    CHECK(mbox.failures == 1);
    CHECK(mbox.skipped == 0);
    REQUIRE(mbox.problems.size() == 1);
    CHECK(mbox.problems[0].locator == "@" + std::to_string(k_mbox.find("From nobody")));
    CHECK_FALSE(mbox.problems[0].skipped);
    CHECK(mbox.evidence.path == k.mbox);
    CHECK(mbox.evidence.format == "mbox");
    CHECK(mbox.evidence.kind == "file");
    CHECK(mbox.evidence.custodian == "inbox");
    CHECK(mbox.evidence.status == "partial");
    CHECK(mbox.evidence.sha256 == to_hex(sha256(k_mbox)));
    CHECK(mbox.evidence.size == k_mbox.size());
    CHECK(mbox.evidence.messages == 2);
    CHECK(mbox.evidence.failures == 1);

    const EvidenceReport& md = rep.evidence[1];
    CHECK(md.messages == 2);
    CHECK(md.new_messages == 1);
    CHECK(md.duplicates == 1);
    CHECK(md.failures == 0);
    CHECK(md.problems.empty());
    CHECK(md.evidence.format == "maildir");
    CHECK(md.evidence.kind == "directory");
    CHECK(md.evidence.status == "complete");

    const EvidenceReport& tree = rep.evidence[2];
    CHECK(tree.messages == 1);
    CHECK(tree.new_messages == 1);
    CHECK(tree.skipped == 1);
    CHECK(tree.failures == 0);
    REQUIRE(tree.problems.size() == 1);
    CHECK(tree.problems[0].locator == "notes.txt");
    CHECK(tree.problems[0].skipped);
    CHECK(tree.evidence.format == "tree");
    CHECK(tree.evidence.status == "complete");

    CHECK(count(*c, "SELECT count(*) FROM messages") == 4);
    CHECK(count(*c, "SELECT count(*) FROM locations") == 5);
    CHECK(count(*c, "SELECT count(*) FROM problems") == 2);
    // The broken message's bytes are kept with its problem.
    CHECK(count(*c, "SELECT count(*) FROM problems WHERE blob_id IS NOT NULL") == 1);
}

TEST_CASE("import_sources: one message found twice has both locations and merged flags") {
    Corpus k;
    auto c = open_case(k.case_dir);
    run(*c, k.options());

    auto st = c->db().prepare("SELECT id FROM messages WHERE message_id='one@example.com'");
    REQUIRE(st);
    REQUIRE(*st->step());
    std::int64_t id = st->int64(0);
    auto r = MessageReader::create(c->db());
    REQUIRE(r);
    auto s = r->summary(id);
    REQUIRE(s);
    CHECK(s->subject == "One");
    CHECK(s->flags == (k_flag_known | k_flag_seen));
    REQUIRE(s->locations.size() == 2);
    CHECK(s->locations[0].locator == "@0");
    CHECK(s->locations[0].folder == "inbox");
    CHECK(s->locations[0].flags == (k_flag_known | k_flag_seen)); // Status: RO
    CHECK(s->locations[1].locator == "cur/1000.host:2,S");
    CHECK(s->locations[1].folder == "INBOX");
    CHECK(s->locations[1].flags == (k_flag_known | k_flag_seen)); // :2,S
    // The stored bytes are the first copy's, with mbox framing removed.
    auto raw = r->raw(id);
    REQUIRE(raw);
    CHECK(*raw == k_one_headers + "Status: RO\n\nFirst message.\n");

    // The message in maildir new/ is unseen.
    auto st3 = c->db().prepare("SELECT flags FROM messages WHERE message_id='three@example.com'");
    REQUIRE(st3);
    REQUIRE(*st3->step());
    CHECK(static_cast<std::uint32_t>(st3->int64(0)) == k_flag_known);
}

TEST_CASE("import_sources: a second run reads nothing new") {
    Corpus k;
    auto c = open_case(k.case_dir);
    run(*c, k.options());
    ImportReport again = run(*c, k.options());

    CHECK(again.messages == 0);
    CHECK(again.new_messages == 0);
    CHECK(again.duplicates == 0);
    CHECK(again.failures == 0);
    CHECK(again.skipped == 0);
    REQUIRE(again.evidence.size() == 3);
    // A file with the same hash is not read again at all.
    CHECK(again.evidence[0].already_imported);
    CHECK(again.evidence[0].evidence.status == "partial");
    // Directories may grow, so they are walked again, skipping what is stored.
    CHECK_FALSE(again.evidence[1].already_imported);
    CHECK_FALSE(again.evidence[1].resumed);
    CHECK(again.evidence[1].evidence.messages == 2);
    CHECK(again.evidence[1].evidence.new_messages == 1);
    CHECK(again.evidence[2].problems.empty());
    CHECK(again.evidence[2].evidence.skipped == 1);

    CHECK(count(*c, "SELECT count(*) FROM messages") == 4);
    CHECK(count(*c, "SELECT count(*) FROM evidence") == 3);
}

TEST_CASE("import_sources: new mail in a maildir is picked up on the next run") {
    Corpus k;
    auto c = open_case(k.case_dir);
    run(*c, k.options());
    auto before = find_evidence(c->db(), k.maildir, "");
    REQUIRE(before);
    REQUIRE(before->has_value());
    const std::string manifest_before = (*before)->sha256;

    k.t.file("src/maildir/new/1002.host",
             "From: Erin <erin@example.com>\nTo: alice@example.com\nSubject: Five\n"
             "Date: Fri, 18 May 2001 12:00:00 +0000\nMessage-ID: <five@example.com>\n\nFifth.\n");
    ImportOptions o = k.options();
    o.sources = {k.maildir};
    ImportReport rep = run(*c, o);
    REQUIRE(rep.evidence.size() == 1);
    CHECK(rep.evidence[0].messages == 1);
    CHECK(rep.evidence[0].new_messages == 1);
    CHECK(rep.evidence[0].evidence.messages == 3);
    CHECK(rep.evidence[0].evidence.new_messages == 2);
    CHECK(count(*c, "SELECT count(*) FROM messages") == 5);
    // The directory's hash is a manifest of its messages: a new message changes it.
    CHECK(rep.evidence[0].evidence.sha256.size() == 64);
    CHECK(rep.evidence[0].evidence.sha256 != manifest_before);
    CHECK(rep.evidence[0].evidence.id == (*before)->id);
}

TEST_CASE("import_sources: a missing source is failed evidence, not a failed import") {
    Corpus k;
    auto c = open_case(k.case_dir);
    ImportOptions o = k.options();
    o.sources = {k.t.path + "/src/no-such.mbox", k.mbox};
    ImportReport rep = run(*c, o);
    REQUIRE(rep.evidence.size() == 2);
    CHECK(rep.evidence[0].evidence.status == "failed");
    CHECK(rep.evidence[0].evidence.format == "unknown");
    CHECK(rep.evidence[0].failures == 1);
    REQUIRE(rep.evidence[0].problems.size() == 1);
    CHECK(rep.evidence[0].evidence.path == k.t.path + "/src/no-such.mbox");
    CHECK(rep.evidence[0].problems[0].reason == "no such file or directory");
    CHECK(rep.evidence[0].evidence.error == "no such file or directory");
    CHECK(rep.evidence[1].new_messages == 2);
    CHECK(rep.failures == 2);
}

TEST_CASE("update_threads after an import links the reply and then skips") {
    Corpus k;
    auto c = open_case(k.case_dir);
    run(*c, k.options());
    auto st = update_threads(*c);
    REQUIRE(st);
    CHECK(st->messages == 4);
    CHECK(st->threads == 3); // one + its reply, three, four
    CHECK_FALSE(st->skipped);
    CHECK(count(*c, "SELECT count(DISTINCT thread_id) FROM messages WHERE message_id IN "
                    "('one@example.com', 'two@example.com')") == 1);
    auto again = update_threads(*c);
    REQUIRE(again);
    CHECK(again->skipped);
}
