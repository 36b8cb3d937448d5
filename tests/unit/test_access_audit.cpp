// Unit tests of access/audit and access/access in a temporary case folder: appending to the
// hash-chained trail (sequence, chaining, the HMAC recomputed here from CASE/audit.key in the
// documented layout, the head file), the filters, verification of an intact trail and of
// each kind of tampering, what an append does with a missing, damaged, altered or stale
// anchor, and grants. Then the access decisions: the role x action matrix written out from
// DESIGN.md ("Identity and access"), the viewer as resolved from the login and --as, what each
// role sees of messages whose parties, department and scene are chosen by hand, and unlock
// grants read back from the trail.
#include "mailscope/access/access.hpp"
#include "mailscope/access/audit.hpp"
#include "mailscope/util/fs.hpp"
#include "mailscope/util/hash.hpp"
#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <regex>
#include <tuple>
#include <sys/stat.h>

using namespace ms;

namespace {

const std::string k_zeros(64, '0');

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

// --- The trail, read and changed behind AuditLog's back ----------------------------------------

struct Trail {
    TempDir t;
    std::string dir = t.path + "/case";

    Trail() { std::filesystem::create_directories(dir); }

    AuditLog open() {
        auto log = AuditLog::open(dir, true);
        REQUIRE_MESSAGE(log, (log ? std::string() : log.error().message));
        return std::move(*log);
    }

    // The key as the file holds it: 64 hex digits for 32 bytes.
    std::string key() const {
        auto text = read_file(dir + "/audit.key");
        REQUIRE(text);
        std::string hex(trim(*text));
        Sha256 k{};
        REQUIRE(from_hex(hex, k));
        return std::string(k.begin(), k.end());
    }

    void sql(const std::string& statements) const {
        auto db = Db::open(dir + "/audit.db", false);
        REQUIRE(db);
        auto r = db->exec(statements);
        REQUIRE_MESSAGE(r, (r ? std::string() : r.error().message));
    }

    std::vector<AuditRecord> rows(const AuditFilter& f = {}) {
        AuditLog log = open();
        std::vector<AuditRecord> out;
        auto r = log.for_each(f, [&](const AuditRecord& a) -> Result<void> {
            out.push_back(a);
            return ok();
        });
        REQUIRE(r);
        return out;
    }

    std::string head() const {
        auto text = read_file(dir + "/audit.head");
        return text ? *text : std::string("(none)");
    }
    void set_head(const std::string& text) const {
        REQUIRE(write_file_atomic(dir + "/audit.head", text, 0600));
    }
    bool has_head() const { return std::filesystem::exists(dir + "/audit.head"); }

    AuditVerdict verify() {
        AuditLog log = open();
        auto v = log.verify();
        REQUIRE(v);
        return *v;
    }
};

AuditRecord make(const std::string& action, const std::string& person = "",
                 const std::string& target = "") {
    AuditRecord r;
    r.actor = "tester";
    r.person = person;
    r.role = person.empty() ? "owner" : "manager";
    r.action = action;
    r.target = target;
    return r;
}

AuditRecord append(AuditLog& log, AuditRecord r) {
    auto a = log.append(std::move(r));
    REQUIRE_MESSAGE(a, (a ? std::string() : a.error().message));
    return *a;
}

// Appends n records "a1".."an" (actions) and returns them.
std::vector<AuditRecord> fill(Trail& tr, int n) {
    AuditLog log = tr.open();
    std::vector<AuditRecord> out;
    for (int i = 1; i <= n; ++i) out.push_back(append(log, make("a" + std::to_string(i))));
    return out;
}

// The record's HMAC, written out from the layout audit.hpp documents: a version tag, then
// each field as "<byte length>:<bytes>;", seq and until in decimal, prev last.
std::string documented_hash(const AuditRecord& r, const std::string& key) {
    std::string s = "mailscope-audit/1;";
    auto field = [&](const std::string& v) { s += std::to_string(v.size()) + ":" + v + ";"; };
    field(std::to_string(r.seq));
    for (const std::string* v : {&r.at, &r.actor, &r.person, &r.role, &r.action, &r.target,
                                 &r.query, &r.reason, &r.outcome})
        field(*v);
    field(std::to_string(r.until));
    field(r.detail);
    field(r.prev);
    return to_hex(hmac_sha256(key, s));
}

std::string head_text(std::int64_t seq, const std::string& hash, const std::string& key) {
    return "mailscope-audit-head 1\n" + std::to_string(seq) + " " + hash + " " +
           to_hex(hmac_sha256(key, "head:" + std::to_string(seq) + ":" + hash)) + "\n";
}

// Epoch seconds of "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::int64_t at_epoch(const std::string& at) {
    int y, mo, d, h, mi, s, ms;
    REQUIRE(std::sscanf(at.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &y, &mo, &d, &h, &mi, &s,
                        &ms) == 7);
    return epoch_from_civil(y, mo, d, h, mi, s);
}

void check_broken(const AuditVerdict& v, std::int64_t first_bad, const std::string& problem,
                  std::int64_t records) {
    CHECK_FALSE(v.intact);
    CHECK(v.first_bad == first_bad);
    CHECK(v.problem == problem);
    CHECK(v.records == records);
}

} // namespace

// --- AuditLog: appending -------------------------------------------------------------------

TEST_CASE("access/audit: AuditLog: a case without a trail, and creating one") {
    Trail tr;
    auto none = AuditLog::open(tr.dir, false);
    REQUIRE_FALSE(none);
    CHECK(none.error().code == Errc::not_found);
    CHECK_FALSE(std::filesystem::exists(tr.dir + "/audit.db"));

    AuditLog log = tr.open();
    for (const char* f : {"/audit.db", "/audit.key"}) {
        struct stat st {};
        REQUIRE(::stat((tr.dir + f).c_str(), &st) == 0);
        CHECK_MESSAGE((st.st_mode & 0777) == 0600, f);
    }
    auto key = read_file(tr.dir + "/audit.key");
    REQUIRE(key);
    CHECK(std::regex_match(std::string(trim(*key)), std::regex("[0-9a-f]{64}")));
    CHECK_FALSE(tr.has_head());  // nothing to anchor yet

    // The empty trail is intact; it may now be opened without `create`.
    AuditVerdict v = tr.verify();
    CHECK(v.intact);
    CHECK(v.records == 0);
    CHECK(v.first_bad == 0);
    CHECK(v.head == k_zeros);
    CHECK(AuditLog::open(tr.dir, false));
}

TEST_CASE("access/audit: AuditLog: append numbers, chains, times and signs records, "
          "and anchors the last") {
    Trail tr;
    AuditLog log = tr.open();
    std::int64_t before = now_epoch();
    AuditRecord a = make("search");
    a.query = "subject:报价 from:zhang";
    AuditRecord b = make("unlock", "mgr@co.example", "42");
    b.reason = "客户投诉核实 ticket 10231";
    b.until = 1900000000;
    b.detail = R"({"as":true,"hours":24})";
    AuditRecord c = make("show", "mgr@co.example", "42");
    c.outcome = "denied";
    std::vector<AuditRecord> got = {append(log, a), append(log, b), append(log, c)};
    std::int64_t after = now_epoch();

    std::string key = tr.key();
    for (std::size_t i = 0; i < got.size(); ++i) {
        CAPTURE(i);
        const AuditRecord& r = got[i];
        CHECK(r.seq == static_cast<std::int64_t>(i) + 1);
        CHECK(r.prev == (i == 0 ? k_zeros : got[i - 1].hash));
        CHECK(std::regex_match(r.at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
        CHECK(at_epoch(r.at) >= before);
        CHECK(at_epoch(r.at) <= after);
        CHECK(r.hash == documented_hash(r, key));
        CHECK(r.hash == audit_hash(r, key));
    }
    CHECK(got[0].outcome == "ok");  // the default
    CHECK(got[2].outcome == "denied");
    CHECK(tr.head() == head_text(3, got[2].hash, key));

    // Stored as returned.
    auto stored = tr.rows();
    REQUIRE(stored.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CAPTURE(i);
        const AuditRecord &s = stored[i], &g = got[i];
        CHECK(std::tie(s.seq, s.at, s.actor, s.person, s.role, s.action, s.target, s.query,
                       s.reason, s.outcome, s.until, s.detail, s.prev, s.hash) ==
              std::tie(g.seq, g.at, g.actor, g.person, g.role, g.action, g.target, g.query,
                       g.reason, g.outcome, g.until, g.detail, g.prev, g.hash));
    }
    CHECK(stored[0].query == "subject:报价 from:zhang");
    CHECK(stored[1].until == 1900000000);

    AuditVerdict v = tr.verify();
    CHECK(v.intact);
    CHECK(v.records == 3);
    CHECK(v.head == got[2].hash);
    CHECK_FALSE(v.unanchored_tail);
}

TEST_CASE("access/audit: audit_hash: every field counts, and field boundaries cannot be moved") {
    std::string key(32, 'k');
    AuditRecord r = make("unlock", "mgr@co.example", "42");
    r.seq = 7;
    r.at = "2025-06-10T02:00:00.000Z";
    r.query = "q";
    r.reason = "why";
    r.outcome = "ok";
    r.until = 1750000000;
    r.detail = "{}";
    r.prev = k_zeros;
    const std::string base = audit_hash(r, key);
    CHECK(base == documented_hash(r, key));
    CHECK(audit_hash(r, std::string(32, 'j')) != base);

    std::vector<std::pair<const char*, std::function<void(AuditRecord&)>>> edits = {
        {"seq", [](AuditRecord& x) { x.seq = 8; }},
        {"at", [](AuditRecord& x) { x.at = "2025-06-10T02:00:00.001Z"; }},
        {"actor", [](AuditRecord& x) { x.actor = "root"; }},
        {"person", [](AuditRecord& x) { x.person = "emp@co.example"; }},
        {"role", [](AuditRecord& x) { x.role = "compliance"; }},
        {"action", [](AuditRecord& x) { x.action = "show"; }},
        {"target", [](AuditRecord& x) { x.target = "43"; }},
        {"query", [](AuditRecord& x) { x.query = "Q"; }},
        {"reason", [](AuditRecord& x) { x.reason = "why not"; }},
        {"outcome", [](AuditRecord& x) { x.outcome = "denied"; }},
        {"until", [](AuditRecord& x) { x.until = 1750000001; }},
        {"detail", [](AuditRecord& x) { x.detail = R"({"as":true})"; }},
        {"prev", [](AuditRecord& x) { x.prev = std::string(64, '1'); }},
        // The same bytes split differently between two neighbouring fields.
        {"query|reason", [](AuditRecord& x) { x.query = "qw"; x.reason = "hy"; }},
        {"actor|person", [](AuditRecord& x) {
             x.actor = "tester" + x.person.substr(0, 3);
             x.person = x.person.substr(3);
         }},
    };
    for (auto& e : edits) {
        // Not a structured binding: clang 14 cannot capture one in CHECK_MESSAGE's lambda.
        const auto& name = e.first;
        AuditRecord x = r;
        e.second(x);
        CHECK_MESSAGE(audit_hash(x, key) != base, name);
        CHECK_MESSAGE(audit_hash(x, key) == documented_hash(x, key), name);
    }
    // The stored hash is not an input.
    AuditRecord h = r;
    h.hash = "anything";
    CHECK(audit_hash(h, key) == base);
}

TEST_CASE("access/audit: AuditLog: two handles on one trail append to one chain") {
    Trail tr;
    AuditLog a = tr.open();
    AuditLog b = tr.open();
    AuditRecord r1 = append(a, make("one"));
    AuditRecord r2 = append(b, make("two"));
    AuditRecord r3 = append(a, make("three"));
    CHECK(std::vector<std::int64_t>{r1.seq, r2.seq, r3.seq} == std::vector<std::int64_t>{1, 2, 3});
    CHECK(r2.prev == r1.hash);
    CHECK(r3.prev == r2.hash);
    CHECK(tr.verify().intact);
}

// --- AuditLog: the filters ----------------------------------------------------------------

TEST_CASE("access/audit: AuditLog::for_each: actor (login or person), action, since "
          "inclusive, until exclusive") {
    Trail tr;
    {
        AuditLog log = tr.open();
        AuditRecord r = make("search");           // 1 tester, no person
        r.actor = "alice";
        append(log, r);
        append(log, make("show", "mgr@co.example", "5"));    // 2 tester as mgr
        append(log, make("unlock", "mgr@co.example", "5"));  // 3
        r = make("show", "alice@co.example", "6");           // 4 bob as alice@
        r.actor = "bob";
        append(log, r);
        append(log, make("search"));                         // 5 tester
    }
    // Known times, written behind the trail's back (for_each reads; it does not verify).
    tr.sql("UPDATE audit SET at='2025-03-01T09:00:00.000Z' WHERE seq=1;"
           "UPDATE audit SET at='2025-03-01T23:59:59.999Z' WHERE seq=2;"
           "UPDATE audit SET at='2025-03-02T00:00:00.000Z' WHERE seq=3;"
           "UPDATE audit SET at='2025-03-02T12:30:00.000Z' WHERE seq=4;"
           "UPDATE audit SET at='2025-03-03T08:00:00.000Z' WHERE seq=5;");
    auto seqs = [&](AuditFilter f) {
        std::vector<std::int64_t> out;
        for (const auto& r : tr.rows(f)) out.push_back(r.seq);
        return out;
    };
    using V = std::vector<std::int64_t>;
    auto filter = [](std::string actor, std::string action, std::string since, std::string until) {
        AuditFilter f;
        f.actor = std::move(actor);
        f.action = std::move(action);
        f.since = std::move(since);
        f.until = std::move(until);
        return f;
    };
    CHECK(seqs({}) == V{1, 2, 3, 4, 5});
    CHECK(seqs(filter("tester", "", "", "")) == V{2, 3, 5});
    CHECK(seqs(filter("mgr@co.example", "", "", "")) == V{2, 3});
    CHECK(seqs(filter("alice", "", "", "")) == V{1});  // the login alice, not alice@co.example
    CHECK(seqs(filter("alice@co.example", "", "", "")) == V{4});
    CHECK(seqs(filter("bob", "", "", "")) == V{4});
    CHECK(seqs(filter("nobody", "", "", "")) == V{});
    CHECK(seqs(filter("", "show", "", "")) == V{2, 4});
    CHECK(seqs(filter("", "sho", "", "")) == V{});  // whole action names only
    CHECK(seqs(filter("tester", "search", "", "")) == V{5});
    CHECK(seqs(filter("", "", "2025-03-02", "")) == V{3, 4, 5});
    CHECK(seqs(filter("", "", "2025-03-01T09:00:00.000Z", "")) == V{1, 2, 3, 4, 5});
    CHECK(seqs(filter("", "", "", "2025-03-02")) == V{1, 2});
    CHECK(seqs(filter("", "", "", "2025-03-02T00:00:00.000Z")) == V{1, 2});
    CHECK(seqs(filter("", "", "2025-03-02", "2025-03-03")) == V{3, 4});
    CHECK(seqs(filter("mgr@co.example", "unlock", "2025-03-01", "2025-03-04")) == V{3});
}

// --- AuditLog: verification and tampering -------------------------------------------------

TEST_CASE("access/audit: AuditLog::verify: each kind of tampering names the first bad record") {
    Trail tr;
    auto recs = fill(tr, 6);
    std::string key = tr.key();
    const std::string contents = "its contents do not match its hash (edited or forged)";

    SUBCASE("intact") {
        AuditVerdict v = tr.verify();
        CHECK(v.intact);
        CHECK(v.records == 6);
        CHECK(v.first_bad == 0);
        CHECK(v.problem.empty());
        CHECK(v.head == recs[5].hash);
        CHECK_FALSE(v.unanchored_tail);
    }
    SUBCASE("a field edited") {
        for (const char* set : {"action='a9'", "actor='root'", "until=1", "detail='{}x'",
                                "at='2001-01-01T00:00:00.000Z'", "outcome='denied'"}) {
            CAPTURE(set);
            Trail fresh;
            fill(fresh, 6);
            fresh.sql(std::string("UPDATE audit SET ") + set + " WHERE seq=3");
            check_broken(fresh.verify(), 3, contents, 6);
        }
    }
    SUBCASE("the last record edited, the anchor untouched") {
        tr.sql("UPDATE audit SET target='x' WHERE seq=6");
        check_broken(tr.verify(), 6, contents, 6);
    }
    SUBCASE("a hash replaced") {
        tr.sql("UPDATE audit SET hash='" + std::string(64, 'a') + "' WHERE seq=2");
        check_broken(tr.verify(), 2, contents, 6);
    }
    SUBCASE("a middle record deleted") {
        tr.sql("DELETE FROM audit WHERE seq=3");
        check_broken(tr.verify(), 3, "record 3 is missing (the next record is numbered 4)", 5);
    }
    SUBCASE("the first record deleted") {
        tr.sql("DELETE FROM audit WHERE seq=1");
        check_broken(tr.verify(), 1, "record 1 is missing (the next record is numbered 2)", 5);
    }
    SUBCASE("the last records cut off") {
        tr.sql("DELETE FROM audit WHERE seq>=5");
        check_broken(tr.verify(), 5, "records 5 to 6 were removed from the end", 4);
    }
    SUBCASE("every record deleted") {
        tr.sql("DELETE FROM audit");
        check_broken(tr.verify(), 1, "records 1 to 6 were removed from the end", 0);
    }
    SUBCASE("two records swapped") {
        tr.sql("UPDATE audit SET seq=-3 WHERE seq=3; UPDATE audit SET seq=3 WHERE seq=4;"
               "UPDATE audit SET seq=4 WHERE seq=-3;");
        check_broken(tr.verify(), 3,
                     "does not follow record 2 (its previous-hash does not match: deleted or "
                     "reordered)",
                     6);
    }
    SUBCASE("a record renumbered out of place") {
        tr.sql("UPDATE audit SET seq=0 WHERE seq=6");
        check_broken(tr.verify(), 1, "record numbered 0 is out of place", 6);
    }
    SUBCASE("a record forged at the end") {
        tr.sql("INSERT INTO audit VALUES (7, '2025-01-01T00:00:00.000Z', 'tester', "
               "'mgr@co.example', 'manager', 'unlock', '5', '', 'why', 'ok', 1900000000, '{}', '" +
               recs[5].hash + "', '" + std::string(64, 'f') + "')");
        check_broken(tr.verify(), 7, contents, 7);
    }
    SUBCASE("a record forged under another key") {
        AuditRecord f = make("unlock", "mgr@co.example", "5");
        f.seq = 7;
        f.at = "2025-01-01T00:00:00.000Z";
        f.outcome = "ok";
        f.until = 1900000000;
        f.prev = recs[5].hash;
        std::string forged = documented_hash(f, std::string(32, 'x'));
        tr.sql("INSERT INTO audit VALUES (7, '" + f.at + "', 'tester', 'mgr@co.example', "
               "'manager', 'unlock', '5', '', '', 'ok', 1900000000, '', '" + f.prev + "', '" +
               forged + "')");
        check_broken(tr.verify(), 7, contents, 7);
    }
    SUBCASE("a record forged in the middle") {
        tr.sql("UPDATE audit SET seq=seq+100 WHERE seq>=4;"
               "UPDATE audit SET seq=seq-99 WHERE seq>=104;"
               "INSERT INTO audit VALUES (4, '2025-01-01T00:00:00.000Z', 'tester', '', 'owner', "
               "'search', '', '', '', 'ok', 0, '', '" + recs[2].hash + "', '" +
               std::string(64, 'e') + "')");
        check_broken(tr.verify(), 4, contents, 7);
    }
    SUBCASE("the anchor deleted") {
        std::filesystem::remove(tr.dir + "/audit.head");
        AuditVerdict v = tr.verify();
        CHECK_FALSE(v.intact);
        CHECK(v.first_bad == 6);
        CHECK(starts_with(v.problem, "the anchor file audit.head is missing or unreadable: "));
    }
    SUBCASE("the anchor damaged") {
        for (const char* text : {"", "mailscope-audit-head 1\n", "mailscope-audit-head 2\n6 a b\n",
                                 "mailscope-audit-head 1\n6 abc\n"}) {
            CAPTURE(text);
            tr.set_head(text);
            check_broken(tr.verify(), 6, "the anchor file audit.head is damaged", 6);
        }
    }
    SUBCASE("the anchor altered") {
        std::string good = head_text(6, recs[5].hash, key);
        std::string wrong_seq = good;
        wrong_seq[23] = '5';  // "mailscope-audit-head 1\n" is 23 bytes: the seq follows
        REQUIRE(good[23] == '6');
        std::string other_key = head_text(6, recs[5].hash, std::string(32, 'z'));
        std::string named_back = head_text(5, recs[4].hash, std::string(32, 'z'));
        for (const std::string& text : {wrong_seq, other_key, named_back}) {
            CAPTURE(text);
            tr.set_head(text);
            check_broken(tr.verify(), 6, "the anchor file audit.head was altered", 6);
        }
    }
    SUBCASE("an anchor signed with the key but naming another record") {
        // Only a holder of the key can write it; verify still catches the mismatch.
        tr.set_head(head_text(4, recs[2].hash, key));
        check_broken(tr.verify(), 4, "is not the record the anchor names", 6);
    }
    SUBCASE("an anchor beyond the end, signed with the key") {
        tr.set_head(head_text(9, recs[5].hash, key));
        check_broken(tr.verify(), 7, "records 7 to 9 were removed from the end", 6);
    }
    SUBCASE("an older anchor: the interrupted append, intact with a note") {
        tr.set_head(head_text(5, recs[4].hash, key));
        AuditVerdict v = tr.verify();
        CHECK(v.intact);
        CHECK(v.records == 6);
        CHECK(v.head == recs[5].hash);
        CHECK(v.unanchored_tail);
    }
}

// --- AuditLog: what an append does with the anchor ------------------------------------------

TEST_CASE("access/audit: AuditLog::append: the anchor is never healed by later appends") {
    Trail tr;
    auto recs = fill(tr, 4);
    std::string key = tr.key();

    SUBCASE("after records were cut off the end, the chain goes on after the anchored one") {
        tr.sql("DELETE FROM audit WHERE seq>=3");
        AuditLog log = tr.open();
        AuditRecord r = append(log, make("after"));
        CHECK(r.seq == 5);
        CHECK(r.prev == recs[3].hash);
        CHECK(tr.head() == head_text(5, r.hash, key));
        check_broken(tr.verify(), 3, "record 3 is missing (the next record is numbered 5)", 3);
    }
    SUBCASE("a missing anchor stays missing") {
        std::filesystem::remove(tr.dir + "/audit.head");
        AuditLog log = tr.open();
        append(log, make("after"));
        append(log, make("after"));
        CHECK_FALSE(tr.has_head());
        AuditVerdict v = tr.verify();
        CHECK_FALSE(v.intact);
        CHECK(v.first_bad == 6);
        CHECK(v.records == 6);
    }
    SUBCASE("a damaged or altered anchor is left as it is") {
        for (const std::string& text :
             {std::string("garbage\n"), head_text(4, recs[3].hash, std::string(32, 'z'))}) {
            CAPTURE(text);
            Trail fresh;
            fill(fresh, 4);
            fresh.set_head(text);
            AuditLog log = fresh.open();
            append(log, make("after"));
            CHECK(fresh.head() == text);
            AuditVerdict v = fresh.verify();
            CHECK_FALSE(v.intact);
            CHECK(v.first_bad == 5);
        }
    }
    SUBCASE("an anchor naming a record that was replaced is left as it is") {
        std::string before = tr.head();
        tr.sql("UPDATE audit SET seq=-3 WHERE seq=3; UPDATE audit SET seq=3 WHERE seq=4;"
               "UPDATE audit SET seq=4 WHERE seq=-3;");
        AuditLog log = tr.open();
        AuditRecord r = append(log, make("after"));
        CHECK(r.seq == 5);
        CHECK(tr.head() == before);
        check_broken(tr.verify(), 3,
                     "does not follow record 2 (its previous-hash does not match: deleted or "
                     "reordered)",
                     5);
    }
    SUBCASE("an edited record does not stop the anchor from moving on, nor heal") {
        tr.sql("UPDATE audit SET action='edited' WHERE seq=2");
        AuditLog log = tr.open();
        AuditRecord r = append(log, make("after"));
        CHECK(tr.head() == head_text(5, r.hash, key));
        check_broken(tr.verify(), 2, "its contents do not match its hash (edited or forged)", 5);
    }
    SUBCASE("an unanchored tail is anchored by the next append") {
        tr.set_head(head_text(3, recs[2].hash, key));
        CHECK(tr.verify().unanchored_tail);
        AuditLog log = tr.open();
        AuditRecord r = append(log, make("after"));
        CHECK(r.seq == 5);
        CHECK(tr.head() == head_text(5, r.hash, key));
        AuditVerdict v = tr.verify();
        CHECK(v.intact);
        CHECK_FALSE(v.unanchored_tail);
    }
    SUBCASE("a trail emptied together with its anchor starts again (nothing to compare)") {
        tr.sql("DELETE FROM audit");
        std::filesystem::remove(tr.dir + "/audit.head");
        CHECK(tr.verify().intact);
        AuditLog log = tr.open();
        AuditRecord r = append(log, make("after"));
        CHECK(r.seq == 1);
        CHECK(r.prev == k_zeros);
        CHECK(tr.head() == head_text(1, r.hash, key));
    }
}

// --- AuditLog: grants ---------------------------------------------------------------------

TEST_CASE("access/audit: AuditLog::grants: signed, unexpired, successful unlocks of that person") {
    Trail tr;
    const std::int64_t now = 1750000000;
    {
        AuditLog log = tr.open();
        auto unlock = [&](const std::string& person, const std::string& target,
                          std::int64_t until, const std::string& outcome = "ok",
                          const std::string& action = "unlock") {
            AuditRecord r = make(action, person, target);
            r.until = until;
            r.outcome = outcome;
            r.reason = "check";
            return append(log, r);
        };
        unlock("mgr@co.example", "1", now + 3600);               // 1 valid
        unlock("mgr@co.example", "2", now);                      // 2 expires at now: gone
        unlock("mgr@co.example", "3", now - 1);                  // 3 expired
        unlock("mgr@co.example", "4", now + 3600, "denied");     // 4 refused
        unlock("other@co.example", "5", now + 3600);             // 5 someone else's
        unlock("mgr@co.example", "6", now + 3600, "ok", "show"); // 6 not an unlock
        unlock("mgr@co.example", "7", now + 1);                  // 7 valid for one second
        unlock("mgr@co.example", "8", now + 3600);               // 8 edited below
        unlock("mgr@co.example", "9", now - 3600);               // 9 extended by hand below
    }
    tr.sql("UPDATE audit SET target='80' WHERE seq=8; UPDATE audit SET until=" +
           std::to_string(now + 86400) + " WHERE seq=9;"
           "INSERT INTO audit VALUES (10, '2025-01-01T00:00:00.000Z', 'tester', 'mgr@co.example',"
           " 'manager', 'unlock', '10', '', 'forged', 'ok', " + std::to_string(now + 86400) +
           ", '', '" + std::string(64, '0') + "', '" + std::string(64, 'f') + "')");
    AuditLog log = tr.open();
    auto g = log.grants("mgr@co.example", now);
    REQUIRE(g);
    std::vector<std::string> targets;
    for (const auto& r : *g) targets.push_back(r.target);
    CHECK(targets == std::vector<std::string>{"1", "7"});
    auto later = log.grants("mgr@co.example", now + 1);
    REQUIRE(later);
    REQUIRE(later->size() == 1);
    CHECK(later->front().target == "1");
    auto other = log.grants("other@co.example", now);
    REQUIRE(other);
    REQUIRE(other->size() == 1);
    CHECK(other->front().target == "5");
    auto nobody = log.grants("", now);
    REQUIRE(nobody);
    CHECK(nobody->empty());
}

// --- Access: the directory, the viewer and the matrix ----------------------------------------

namespace {

// Sales: emp (employee, with a private address of his own), mgr (manager); finance: fin
// (employee), fmgr (manager); legal: comp; board: aud; it: adm. Working hours Monday to
// Friday 09:00-18:00 UTC. One customer domain.
const char* k_directory = R"toml([organisation]
name = "Test Co"
work_domains = ["co.example"]
time_zone = "UTC"

[working_hours]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "18:00"

[[department]]
id = "sales"
name = "Sales"

[[department]]
id = "finance"
name = "Finance"

[[department]]
id = "legal"
name = "Legal"

[[department]]
id = "board"
name = "Board"

[[department]]
id = "it"
name = "IT"

[[person]]
email = "emp@co.example"
also = ["emp.home@mail.example"]
name = "Emp Loyee"
department = "sales"
role = "employee"
login = "emp"

[[person]]
email = "mgr@co.example"
name = "王强 (Wang Qiang)"
department = "sales"
role = "manager"
login = "mgr"

[[person]]
email = "fin@co.example"
name = "Fin Ance"
department = "finance"
role = "employee"
login = "fin"

[[person]]
email = "fmgr@co.example"
name = "Fin Boss"
department = "finance"
role = "manager"
login = "fmgr"

[[person]]
email = "comp@co.example"
name = "Comp Liance"
department = "legal"
role = "compliance"
login = "comp"

[[person]]
email = "aud@co.example"
name = "Au Ditor"
department = "board"
role = "auditor"
login = "aud"

[[person]]
email = "adm@co.example"
name = "Ad Min"
department = "it"
role = "admin"
login = "adm"

[[customer]]
name = "Customer Ltd"
domains = ["cust.example"]
)toml";

struct AccessCase {
    TempDir t;
    std::string dir = t.path + "/case";

    explicit AccessCase(bool directory = true) {
        std::filesystem::create_directories(dir);
        if (directory) t.file("case/mailscope.toml", k_directory);
    }

    std::unique_ptr<Access> open(const std::string& login, const std::string& as = "",
                                 const std::string& as_default = "") {
        auto a = Access::open(dir, login, as, as_default);
        REQUIRE_MESSAGE(a, (a ? std::string() : a.error().message));
        return std::move(*a);
    }

    std::vector<AuditRecord> trail() {
        auto log = AuditLog::open(dir, false);
        REQUIRE(log);
        std::vector<AuditRecord> out;
        REQUIRE(log->for_each({}, [&](const AuditRecord& r) -> Result<void> {
            out.push_back(r);
            return ok();
        }));
        return out;
    }

    void grant(const std::string& person, std::int64_t id, std::int64_t until) {
        auto log = AuditLog::open(dir, true);
        REQUIRE(log);
        AuditRecord r;
        r.actor = "tester";
        r.person = person;
        r.role = "manager";
        r.action = "unlock";
        r.target = std::to_string(id);
        r.reason = "check";
        r.until = until;
        REQUIRE(log->append(r));
    }
};

Address addr(const std::string& a) { return Address{"", a}; }

MessageSummary msg(std::int64_t id, const std::string& from, std::vector<std::string> to,
                   std::int64_t date, std::vector<std::string> cc = {}) {
    MessageSummary s;
    s.id = id;
    s.from = addr(from);
    for (const auto& a : to) s.to.push_back(addr(a));
    for (const auto& a : cc) s.cc.push_back(addr(a));
    s.date = date;
    return s;
}

// 2025-06-10 is a Tuesday, 2025-06-14 a Saturday.
const std::int64_t k_tue_10 = epoch_from_civil(2025, 6, 10, 10, 0, 0);
const std::int64_t k_tue_20 = epoch_from_civil(2025, 6, 10, 20, 0, 0);
const std::int64_t k_sat_22 = epoch_from_civil(2025, 6, 14, 22, 0, 0);

const char* vis_name(Visibility v) {
    return v == Visibility::clear ? "clear" : v == Visibility::masked ? "masked" : "hidden";
}

} // namespace

TEST_CASE("access/audit: Access: the role x action matrix (DESIGN.md, Identity and access)") {
    AccessCase c;
    // Rows: the actions; columns: employee, manager, compliance, auditor, admin.
    struct Row {
        Action action;
        const char* name;
        std::array<bool, 5> may;
    };
    const std::vector<Row> matrix = {
        {Action::import, "import", {false, false, true, false, true}},
        {Action::configure, "configure", {false, false, false, false, true}},
        {Action::policy, "policy", {false, false, true, false, true}},
        {Action::scan, "scan", {false, false, true, false, false}},
        {Action::read, "read", {true, true, true, false, false}},
        {Action::flags, "flags", {true, true, true, false, false}},
        {Action::flag_counts, "flag-counts", {true, true, true, true, false}},
        {Action::unlock, "unlock", {false, true, true, false, false}},
        {Action::audit_read, "audit-log", {false, false, false, true, false}},
        {Action::audit_verify, "audit-verify", {false, false, false, true, true}},
        {Action::verify, "verify", {false, false, true, true, true}},
    };
    const std::array<std::pair<const char*, const char*>, 5> people = {
        {{"emp", "employee"}, {"mgr", "manager"}, {"comp", "compliance"}, {"aud", "auditor"},
         {"adm", "admin"}}};
    for (std::size_t col = 0; col < people.size(); ++col) {
        auto a = c.open("tester", people[col].first);
        CHECK(a->viewer().role_name() == people[col].second);
        for (const auto& row : matrix) {
            CAPTURE(people[col].second);
            CAPTURE(row.name);
            CHECK(std::string(action_name(row.action)) == row.name);
            CHECK(a->permitted(row.action) == row.may[col]);
        }
    }
    // The owner who is nobody in the directory administers.
    auto owner = c.open("tester");
    CHECK(owner->viewer().role == Role::admin);
    CHECK(owner->viewer().person == nullptr);
    for (const auto& row : matrix) {
        CAPTURE(row.name);
        CHECK(owner->permitted(row.action) == row.may[4]);
    }
}

TEST_CASE("access/audit: Access: without a directory the owner may do and see everything") {
    AccessCase c(false);
    auto a = c.open("tester", "", "comp@co.example");  // MAILSCOPE_AS is ignored
    const Viewer& v = a->viewer();
    CHECK_FALSE(v.restricted);
    CHECK(v.owner);
    CHECK(v.role_name() == "owner");
    CHECK(v.person_id().empty());
    CHECK(a->directory() == nullptr);
    for (Action x : {Action::import, Action::configure, Action::policy, Action::scan,
                     Action::read, Action::flags, Action::flag_counts, Action::unlock,
                     Action::audit_read, Action::audit_verify, Action::verify})
        CHECK(a->permitted(x));
    CHECK(a->visibility(msg(1, "x@elsewhere.example", {"y@mail.example"}, k_sat_22)) ==
          Visibility::clear);
    CHECK_FALSE(a->personal(msg(1, "emp@co.example", {"y@mail.example"}, k_sat_22)));
    auto as = Access::open(c.dir, "tester", "comp@co.example");
    REQUIRE_FALSE(as);
    CHECK(as.error().code == Errc::usage);
    CHECK(as.error().message == "--as needs a directory: this case has none");
}

TEST_CASE("access/audit: Access: who the viewer is: the login, --as by address, login or "
          "name, MAILSCOPE_AS") {
    AccessCase c;
    auto by_login = c.open("fin");
    CHECK(by_login->viewer().person_id() == "fin@co.example");
    CHECK(by_login->viewer().role == Role::employee);
    CHECK_FALSE(by_login->viewer().impersonating);
    CHECK(by_login->viewer().restricted);

    for (const char* who : {"mgr@co.example", "mgr", "王强 (Wang Qiang)", "王强", "wang qiang"}) {
        CAPTURE(who);
        auto a = c.open("tester", who);
        CHECK(a->viewer().person_id() == "mgr@co.example");
        CHECK(a->viewer().role == Role::manager);
        CHECK(a->viewer().impersonating);
        CHECK(a->viewer().login == "tester");
    }
    auto also = c.open("tester", "emp.home@mail.example");
    CHECK(also->viewer().person_id() == "emp@co.example");

    // MAILSCOPE_AS is used when --as is not given, and --as wins over it.
    CHECK(c.open("tester", "", "aud@co.example")->viewer().role == Role::auditor);
    CHECK(c.open("tester", "comp", "aud@co.example")->viewer().role == Role::compliance);
    // A login of the directory is that person even with MAILSCOPE_AS empty.
    CHECK(c.open("comp", "", "")->viewer().role == Role::compliance);

    auto unknown = Access::open(c.dir, "tester", "nobody@co.example");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == Errc::not_found);
    CHECK(unknown.error().message == "no person 'nobody@co.example' in the directory");
}

TEST_CASE("access/audit: Access::require and record: refusals recorded with who, as whom, "
          "and the role") {
    AccessCase c;
    {
        auto a = c.open("tester", "emp");
        auto ok_read = a->require(Action::read, "search");
        CHECK(ok_read);
        auto denied = a->require(Action::audit_read, "audit");
        REQUIRE_FALSE(denied);
        CHECK(denied.error().code == Errc::permission);
        CHECK(denied.error().message ==
              "permission denied: employees may not run `mailscope audit` (acting as "
              "emp@co.example)");
        CHECK(denied.error().hint == "only auditors read the audit trail");
    }
    {
        auto owner = c.open("tester");
        auto denied = owner->require(Action::read, "show");
        REQUIRE_FALSE(denied);
        CHECK(denied.error().message ==
              "permission denied: admins may not run `mailscope show` (login tester)");
    }
    {
        // The role and person fill in; acting --as marks the detail whatever it holds.
        auto a = c.open("tester", "mgr");
        for (const char* detail : {"", "{}", R"({"view":"masked"})"}) {
            AuditRecord r;
            r.action = "show";
            r.target = "7";
            r.detail = detail;
            REQUIRE(a->record(r));
        }
        auto self = c.open("comp");
        AuditRecord r;
        r.action = "search";
        r.detail = R"({"matches":1})";
        REQUIRE(self->record(r));
    }
    auto trail = c.trail();
    REQUIRE(trail.size() == 6);
    // 1: emp's refused `audit` (the permitted search wrote nothing).
    CHECK(std::tie(trail[0].actor, trail[0].person, trail[0].role, trail[0].action,
                   trail[0].target, trail[0].outcome, trail[0].detail) ==
          std::make_tuple(std::string("tester"), std::string("emp@co.example"),
                          std::string("employee"), std::string("audit"), std::string(),
                          std::string("denied"), std::string(R"({"as":true})")));
    // 2: the owner's refused `show`: no person, role admin, not acting as anyone.
    CHECK(std::tie(trail[1].person, trail[1].role, trail[1].action, trail[1].outcome,
                   trail[1].detail) ==
          std::make_tuple(std::string(), std::string("admin"), std::string("show"),
                          std::string("denied"), std::string()));
    CHECK(trail[2].detail == R"({"as":true})");
    CHECK(trail[3].detail == R"({"as":true})");
    CHECK(trail[4].detail == R"({"as":true,"view":"masked"})");
    for (int i = 2; i < 5; ++i) {
        CHECK(trail[i].person == "mgr@co.example");
        CHECK(trail[i].role == "manager");
        CHECK(trail[i].outcome == "ok");
    }
    CHECK(std::tie(trail[5].actor, trail[5].person, trail[5].role, trail[5].detail) ==
          std::make_tuple(std::string("comp"), std::string("comp@co.example"),
                          std::string("compliance"), std::string(R"({"matches":1})")));
    auto log = AuditLog::open(c.dir, false);
    REQUIRE(log);
    auto v = log->verify();
    REQUIRE(v);
    CHECK(v->intact);
    CHECK(v->records == 6);
}

TEST_CASE("access/audit: Access::visibility: what each role sees of each kind of message") {
    AccessCase c;
    struct Case {
        const char* what;
        MessageSummary m;
        bool personal;
        // employee (emp), employee (fin), manager (mgr), manager (fmgr), compliance, auditor, admin
        std::array<const char*, 7> want;
    };
    const std::vector<Case> cases = {
        {"sales to a customer, office hours",
         msg(1, "emp@co.example", {"buyer@cust.example"}, k_tue_10), false,
         {"clear", "hidden", "masked", "hidden", "clear", "hidden", "hidden"}},
        {"sales from a private address of his",
         msg(2, "emp.home@mail.example", {"buyer@cust.example"}, k_tue_10), false,
         {"clear", "hidden", "masked", "hidden", "clear", "hidden", "hidden"}},
        {"finance to a supplier",
         msg(3, "fin@co.example", {"sales@supplier.example"}, k_tue_10), false,
         {"hidden", "clear", "hidden", "masked", "clear", "hidden", "hidden"}},
        {"outside to finance, sales in Cc",
         msg(4, "x@supplier.example", {"fin@co.example"}, k_tue_10, {"emp@co.example"}), false,
         {"hidden", "hidden", "masked", "masked", "clear", "hidden", "hidden"}},
        {"sales to a friend on Saturday night: personal",
         msg(5, "emp@co.example", {"friend@mail.example"}, k_sat_22), true,
         {"clear", "hidden", "hidden", "hidden", "hidden", "hidden", "hidden"}},
        {"sales to a friend on a Tuesday evening: personal",
         msg(6, "emp@co.example", {"friend@mail.example"}, k_tue_20), true,
         {"clear", "hidden", "hidden", "hidden", "hidden", "hidden", "hidden"}},
        {"sales to a friend in office hours: business",
         msg(7, "emp@co.example", {"friend@mail.example"}, k_tue_10), false,
         {"clear", "hidden", "masked", "hidden", "clear", "hidden", "hidden"}},
        {"sales to a customer on Saturday night: business",
         msg(8, "emp@co.example", {"buyer@cust.example"}, k_sat_22), false,
         {"clear", "hidden", "masked", "hidden", "clear", "hidden", "hidden"}},
        {"sales to finance on Saturday night: two company parties, business",
         msg(9, "emp@co.example", {"fin@co.example"}, k_sat_22), false,
         {"clear", "hidden", "masked", "masked", "clear", "hidden", "hidden"}},
        {"a friend to sales on Saturday night: personal",
         msg(10, "friend@mail.example", {"emp@co.example"}, k_sat_22), true,
         {"hidden", "hidden", "hidden", "hidden", "hidden", "hidden", "hidden"}},
    };
    const std::array<const char*, 7> viewers = {"emp", "fin", "mgr", "fmgr", "comp", "aud", "adm"};
    for (std::size_t col = 0; col < viewers.size(); ++col) {
        auto a = c.open("tester", viewers[col]);
        for (const auto& k : cases) {
            CAPTURE(viewers[col]);
            CAPTURE(k.what);
            CHECK(a->personal(k.m) == k.personal);
            CHECK(std::string(vis_name(a->visibility(k.m))) == k.want[col]);
        }
    }
}

TEST_CASE("access/audit: Access: a grant clears one message for one person until it expires") {
    AccessCase c;
    const std::int64_t now = now_epoch();
    MessageSummary sales = msg(11, "emp@co.example", {"buyer@cust.example"}, k_tue_10);
    MessageSummary finance = msg(12, "fin@co.example", {"sales@supplier.example"}, k_tue_10);
    MessageSummary personal = msg(13, "emp@co.example", {"friend@mail.example"}, k_sat_22);
    MessageSummary other = msg(14, "emp@co.example", {"buyer@cust.example"}, k_tue_10);

    c.grant("mgr@co.example", 11, now + 3600);
    c.grant("mgr@co.example", 12, now + 3600);   // outside his department: widens nothing
    c.grant("mgr@co.example", 13, now + 3600);   // personal: managers never see it
    c.grant("mgr@co.example", 14, now - 1);      // expired
    c.grant("comp@co.example", 13, now + 3600);  // compliance reaches personal mail
    c.grant("fmgr@co.example", 14, now + 3600);  // someone else's grant

    auto mgr = c.open("tester", "mgr");
    CHECK(mgr->unlocked(11));
    CHECK(mgr->visibility(sales) == Visibility::clear);
    CHECK(mgr->visibility(finance) == Visibility::hidden);
    CHECK(mgr->visibility(personal) == Visibility::hidden);
    CHECK_FALSE(mgr->unlocked(14));
    CHECK(mgr->visibility(other) == Visibility::masked);

    auto comp = c.open("tester", "comp");
    CHECK(comp->visibility(personal) == Visibility::clear);
    CHECK_FALSE(comp->unlocked(11));

    auto fmgr = c.open("tester", "fmgr");
    CHECK(fmgr->visibility(other) == Visibility::hidden);  // not his department, grant or not

    // The login acting as itself gets its grants too.
    CHECK(c.open("mgr")->unlocked(11));

    SUBCASE("a grant edited or forged in the file grants nothing") {
        auto db = Db::open(c.dir + "/audit.db", false);
        REQUIRE(db);
        // 4: the expired grant, extended; 1: the valid one, moved to message 14.
        REQUIRE(db->exec("UPDATE audit SET until=until+86400 WHERE seq=4;"
                         "UPDATE audit SET target='15' WHERE seq=1;"
                         "INSERT INTO audit SELECT 7, at, actor, person, role, action, '16', "
                         "query, reason, outcome, until, detail, hash, hash FROM audit "
                         "WHERE seq=6"));
        auto after = c.open("tester", "mgr");
        CHECK_FALSE(after->unlocked(11));
        CHECK_FALSE(after->unlocked(14));
        CHECK_FALSE(after->unlocked(15));
        CHECK(after->visibility(sales) == Visibility::masked);
        CHECK(after->visibility(other) == Visibility::masked);
        CHECK_FALSE(c.open("tester", "fmgr")->unlocked(16));
        CHECK(c.open("tester", "fmgr")->unlocked(14));  // the untouched grant still holds
    }
}

TEST_CASE("access/audit: Access::mask_summary: personal data and outside addresses masked, "
          "company addresses kept") {
    AccessCase c;
    auto mgr = c.open("tester", "mgr");
    MessageSummary s = msg(1, "emp@co.example", {"buyer@cust.example", "friend@mail.example"},
                           k_tue_10, {"fin@co.example"});
    s.to[1].name = "Friend";
    s.subject = "Quote, call me on 13957128864";
    s.attachments.push_back(AttachmentInfo{});
    s.attachments.back().filename = "id_13957128864.txt";
    mgr->mask_summary(s);
    CHECK(s.from.addr == "emp@co.example");
    CHECK(s.to[0].addr == "buyer@cust.example");  // a customer's address is business
    CHECK(s.cc[0].addr == "fin@co.example");
    CHECK(s.to[1].addr != "friend@mail.example");
    CHECK(s.subject.find("13957128864") == std::string::npos);
    CHECK(starts_with(s.subject, "Quote, call me on "));
    CHECK(s.attachments[0].filename.find("13957128864") == std::string::npos);
    CHECK(mgr->mask("13957128864") == s.subject.substr(std::string("Quote, call me on ").size()));
}
