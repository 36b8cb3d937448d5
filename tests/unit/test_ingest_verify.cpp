// ingest/verify and store/custody: a clean case verifies without differences; each kind of
// tampering (a source file changed, a file of a folder source deleted or changed, a stored
// blob replaced or broken) is reported with what was recorded and what is there now; every
// import run leaves a chain-of-custody entry.
#include "db_scalar.hpp"
#include "mailscope/ingest/importer.hpp"
#include "mailscope/ingest/verify.hpp"
#include "mailscope/store/custody.hpp"
#include "mailscope/util/compress.hpp"
#include "mailscope/util/hash.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <filesystem>
#include <fstream>

using namespace ms;
namespace fs = std::filesystem;

namespace {

std::string mail(const std::string& id, const std::string& body) {
    return "From: Alice <alice@example.com>\nTo: bob@example.com\nSubject: " + id +
           "\nDate: Mon, 14 May 2001 09:39:00 -0700\nMessage-ID: <" + id +
           "@example.com>\n\n" + body + "\n";
}

struct VerifyCase {
    TempDir t;
    std::string mbox_text, mbox, maildir, case_dir;
    std::unique_ptr<Case> c;
    VerifyCase() {
        mbox_text = "From alice@example.com Mon May 14 16:39:00 2001\n" + mail("one", "First.") +
                    "\nFrom alice@example.com Mon May 14 16:40:00 2001\n" + mail("two", "Second.");
        mbox = t.file("src/inbox.mbox", mbox_text);
        t.file("src/maildir/cur/1000.host:2,S", mail("three", "Third."));
        t.file("src/maildir/new/1001.host", mail("four", "Fourth."));
        fs::create_directories(t.path + "/src/maildir/tmp");
        maildir = t.path + "/src/maildir";
        case_dir = t.path + "/case";
        auto opened = Case::open(case_dir, CaseMode::create);
        REQUIRE(opened);
        c = std::move(opened).value();
    }
    ImportOptions options() const {
        ImportOptions o;
        o.sources = {mbox, maildir};
        o.operator_name = "tester";
        o.person = "comp@example.com";
        o.tool_version = "mailscope test";
        o.command = "mailscope import ...";
        return o;
    }
    void import() {
        auto r = import_sources(*c, options(), {});
        REQUIRE_MESSAGE(r, (r ? std::string() : r.error().message));
    }
    VerifyReport verify(VerifyOptions o = {}) {
        auto r = verify_case(*c, o);
        REQUIRE_MESSAGE(r, (r ? std::string() : r.error().message));
        return std::move(r).value();
    }
    std::int64_t scalar(const std::string& sql) {
        return db_scalar(c->db(), sql);
    }
};

const VerifyFinding* find(const VerifyReport& r, const std::string& kind,
                          const std::string& problem, const std::string& item = "") {
    for (const auto& f : r.findings)
        if (f.kind == kind && f.problem == problem && (item.empty() || f.item == item)) return &f;
    return nullptr;
}

} // namespace

TEST_CASE("ingest/verify: a freshly imported case has no differences") {
    VerifyCase k;
    k.import();
    VerifyReport r = k.verify();
    CHECK(r.findings.empty());
    CHECK(r.differences() == 0);
    CHECK(r.evidence == 2);
    CHECK(r.evidence_ok == 2);
    CHECK(r.evidence_missing == 0);
    CHECK(r.blobs == static_cast<std::uint64_t>(k.scalar("SELECT count(*) FROM blobs")));
    CHECK(r.blobs == 4);
    CHECK(r.messages == 4);
    CHECK(r.locations == 4);
}

TEST_CASE("ingest/verify: a changed, truncated or missing source is reported") {
    VerifyCase k;
    k.import();
    std::string recorded = to_hex(sha256(k.mbox_text));

    SUBCASE("one byte flipped") {
        std::string changed = k.mbox_text;
        changed[changed.size() / 2] ^= 0x20;
        std::ofstream(k.mbox, std::ios::binary) << changed;
        VerifyReport r = k.verify();
        CHECK(r.differences() == 1);
        const VerifyFinding* f = find(r, "evidence", "modified", k.mbox);
        REQUIRE(f);
        CHECK(f->expected == recorded);
        CHECK(f->found == to_hex(sha256(changed)));
        CHECK(f->difference);
        CHECK_FALSE(find(r, "evidence", "size-changed"));
    }
    SUBCASE("truncated") {
        std::string cut = k.mbox_text.substr(0, 40);
        std::ofstream(k.mbox, std::ios::binary) << cut;
        VerifyReport r = k.verify({true, false});
        CHECK(r.blobs == 0);  // --evidence-only
        CHECK(r.differences() == 2);
        const VerifyFinding* s = find(r, "evidence", "size-changed", k.mbox);
        REQUIRE(s);
        CHECK(s->expected == std::to_string(k.mbox_text.size()));
        CHECK(s->found == "40");
        REQUIRE(find(r, "evidence", "modified", k.mbox));
        CHECK(find(r, "evidence", "modified", k.mbox)->found == to_hex(sha256(cut)));
    }
    SUBCASE("deleted: a note, not a difference") {
        fs::remove(k.mbox);
        VerifyReport r = k.verify();
        CHECK(r.differences() == 0);
        CHECK(r.evidence_missing == 1);
        const VerifyFinding* f = find(r, "evidence", "missing", k.mbox);
        REQUIRE(f);
        CHECK_FALSE(f->difference);
        CHECK(f->expected == recorded);
    }
}

TEST_CASE("ingest/verify: a folder source is re-read and its manifest recomputed") {
    VerifyCase k;
    k.import();
    std::string deleted = k.maildir + "/new/1001.host";
    std::string four = mail("four", "Fourth.");
    fs::remove(deleted);
    std::string changed = mail("three", "Third, edited.");
    k.t.file("src/maildir/cur/1000.host:2,S", changed);
    k.t.file("src/maildir/new/1002.host", mail("five", "Fifth."));
    VerifyReport r = k.verify({true, false});
    CHECK(r.differences() == 4);
    REQUIRE(find(r, "evidence", "modified", k.maildir));
    const VerifyFinding* gone = find(r, "file", "missing", deleted);
    REQUIRE(gone);
    CHECK(gone->expected == to_hex(sha256(four)));
    const VerifyFinding* mod = find(r, "file", "modified", k.maildir + "/cur/1000.host:2,S");
    REQUIRE(mod);
    CHECK(mod->expected == to_hex(sha256(mail("three", "Third."))));
    CHECK(mod->found == to_hex(sha256(changed)));
    REQUIRE(find(r, "file", "added", k.maildir + "/new/1002.host"));
}

TEST_CASE("ingest/verify: a replaced or broken stored message is reported") {
    VerifyCase k;
    k.import();
    std::int64_t id = k.scalar("SELECT min(id) FROM blobs");
    std::int64_t broken = k.scalar("SELECT max(id) FROM blobs");
    auto st = k.c->db().prepare("SELECT sha256 FROM blobs WHERE id=?");
    REQUIRE(st);
    st->bind(1, id);
    REQUIRE(*st->step());
    std::string expected = to_hex(st->blob(0));
    st->reset();

    std::string other = mail("one", "Forged.");
    auto up = k.c->db().prepare("UPDATE blobs SET data=? WHERE id=?");
    REQUIRE(up);
    up->bind_blob(1, zstd_compress(other)).bind(2, id);
    REQUIRE(up->run());
    up->reset();
    up->bind_blob(1, "not a zstd frame").bind(2, broken);
    REQUIRE(up->run());

    VerifyReport r = k.verify({false, true});
    CHECK(r.evidence == 0);  // --messages-only
    const VerifyFinding* h = find(r, "blob", "hash-mismatch");
    REQUIRE(h);
    CHECK(h->id == id);
    CHECK(h->expected == expected);
    CHECK(h->found == to_hex(sha256(other)));
    const VerifyFinding* c = find(r, "blob", "corrupt");
    REQUIRE(c);
    CHECK(c->id == broken);
    CHECK_FALSE(c->found.empty());
    // The forged copy has another size than the recorded one.
    CHECK(find(r, "blob", "size-mismatch"));
    CHECK(r.differences() == 3);
}

TEST_CASE("store/custody: every import run of every source is recorded, with the hash seen") {
    VerifyCase k;
    k.import();
    k.import();  // again: the mbox is already imported, the maildir is read for new mail
    auto entries = list_custody(k.c->db());
    REQUIRE(entries);
    REQUIRE(entries->size() == 4);
    const auto& e = (*entries)[0];
    CHECK(e.action == "import");
    CHECK(e.login == "tester");
    CHECK(e.person == "comp@example.com");
    CHECK(e.host == host_name());
    CHECK_FALSE(e.host.empty());
    CHECK(e.tool_version == "mailscope test");
    CHECK(e.command == "mailscope import ...");
    CHECK(e.path == k.mbox);
    CHECK(e.format == "mbox");
    CHECK(e.kind == "file");
    CHECK(e.size == k.mbox_text.size());
    CHECK(e.sha256 == to_hex(sha256(k.mbox_text)));
    CHECK(e.outcome == "complete");
    CHECK(e.evidence_id > 0);
    CHECK((*entries)[1].kind == "directory");
    CHECK((*entries)[1].action == "import");
    CHECK((*entries)[2].action == "already-imported");
    CHECK((*entries)[2].sha256 == e.sha256);
    CHECK((*entries)[2].evidence_id == e.evidence_id);
    CHECK((*entries)[3].action == "re-import");
    CHECK((*entries)[3].sha256 == (*entries)[1].sha256);

    // A changed file is a new evidence; the log keeps both hashes, the older row is superseded.
    std::ofstream(k.mbox, std::ios::app) << "\n";
    k.import();
    auto again = list_custody(k.c->db());
    REQUIRE(again);
    REQUIRE(again->size() == 6);
    CHECK((*again)[4].action == "import");
    CHECK((*again)[4].sha256 == to_hex(sha256(k.mbox_text + "\n")));
    CHECK((*again)[4].evidence_id != e.evidence_id);
    auto mine = list_custody(k.c->db(), e.evidence_id);
    REQUIRE(mine);
    CHECK(mine->size() == 2);
    VerifyReport r = k.verify();
    CHECK(r.differences() == 0);
    const VerifyFinding* old = find(r, "evidence", "superseded", k.mbox);
    REQUIRE(old);
    CHECK(old->id == e.evidence_id);
}
