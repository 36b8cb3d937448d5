// Unit tests of store/case: creating and opening a case, its metadata, and the writer lock.
#include "mailscope/store/case.hpp"
#include "mailscope/store/schema.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <sys/stat.h>

using namespace ms;
namespace fs = std::filesystem;

namespace {

std::unique_ptr<Case> open_ok(const std::string& dir, CaseMode mode) {
    auto c = Case::open(dir, mode);
    REQUIRE_MESSAGE(c, (c ? std::string() : c.error().message));
    return std::move(c).value();
}

} // namespace

TEST_CASE("Case::open(create) makes a private directory at the current schema version") {
    TempDir t;
    std::string dir = t.path + "/case";
    auto c = open_ok(dir, CaseMode::create);
    CHECK(c->writable());
    CHECK(c->dir() == dir);
    CHECK(c->index_dir() == dir + "/index");
    CHECK(fs::exists(dir + "/case.db"));

    struct stat st {};
    REQUIRE(::stat(dir.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);

    auto v = schema_version(c->db());
    REQUIRE(v);
    CHECK(*v == k_schema_version);
    CHECK(*c->meta("schema_version") == std::to_string(k_schema_version));
    // "created" is an ISO 8601 UTC timestamp: 2001-05-14T16:39:00Z.
    std::string created = *c->meta("created");
    REQUIRE(created.size() == 20);
    CHECK(created[4] == '-');
    CHECK(created[10] == 'T');
    CHECK(created.back() == 'Z');
}

TEST_CASE("Case::open(create) in a directory made beforehand restricts it to its owner") {
    TempDir t;
    std::string dir = t.path + "/case";
    REQUIRE(::mkdir(dir.c_str(), 0755) == 0);
    REQUIRE(::chmod(dir.c_str(), 0755) == 0);
    auto c = open_ok(dir, CaseMode::create);
    struct stat st {};
    REQUIRE(::stat(dir.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    // The database itself is created under umask 077.
    REQUIRE(::stat((dir + "/case.db").c_str(), &st) == 0);
    CHECK((st.st_mode & 0077) == 0);
}

TEST_CASE("Case meta: get, set, overwrite, missing keys are empty") {
    TempDir t;
    auto c = open_ok(t.path + "/case", CaseMode::create);
    CHECK(*c->meta("no-such-key") == "");
    REQUIRE(c->set_meta("custodian", "alice"));
    CHECK(*c->meta("custodian") == "alice");
    REQUIRE(c->set_meta("custodian", "bob"));
    CHECK(*c->meta("custodian") == "bob");
    REQUIRE(c->set_meta("empty", ""));
    CHECK(*c->meta("empty") == "");
}

TEST_CASE("Case metadata persists and a read-only open sees it") {
    TempDir t;
    std::string dir = t.path + "/case";
    {
        auto c = open_ok(dir, CaseMode::create);
        REQUIRE(c->set_meta("k", "v"));
    }
    auto ro = open_ok(dir, CaseMode::read_only);
    CHECK_FALSE(ro->writable());
    CHECK(*ro->meta("k") == "v");
    auto rw = open_ok(dir, CaseMode::read_write);
    CHECK(rw->writable());
    CHECK(*rw->meta("k") == "v");
}

TEST_CASE("Case::open of a missing case is Errc::not_found unless creating") {
    TempDir t;
    for (CaseMode m : {CaseMode::read_only, CaseMode::read_write}) {
        auto c = Case::open(t.path + "/missing", m);
        REQUIRE_FALSE(c);
        CHECK(c.error().code == Errc::not_found);
        CHECK_FALSE(c.error().hint.empty());
        CHECK_FALSE(fs::exists(t.path + "/missing"));
    }
    // An existing directory that is not a case.
    auto plain = Case::open(t.path, CaseMode::read_only);
    REQUIRE_FALSE(plain);
    CHECK(plain.error().code == Errc::not_found);
    CHECK(plain.error().message.find("not a mailscope case") != std::string::npos);
}

TEST_CASE("A second writer on the same case fails with Errc::locked") {
    TempDir t;
    std::string dir = t.path + "/case";
    auto first = open_ok(dir, CaseMode::create);

    // flock() locks belong to an open file description, so a second open() of the lock file,
    // even in this process, conflicts with the first.
    auto second = Case::open(dir, CaseMode::read_write);
    REQUIRE_FALSE(second);
    CHECK(second.error().code == Errc::locked);
    CHECK_FALSE(second.error().hint.empty());

    auto third = Case::open(dir, CaseMode::create);
    REQUIRE_FALSE(third);
    CHECK(third.error().code == Errc::locked);

    // Readers take no lock.
    auto reader = Case::open(dir, CaseMode::read_only);
    CHECK(reader);

    // Once the writer is gone the case can be opened for writing again.
    first.reset();
    auto again = Case::open(dir, CaseMode::read_write);
    CHECK(again);
}

TEST_CASE("A case written by a newer mailscope is refused") {
    TempDir t;
    std::string dir = t.path + "/case";
    {
        auto c = open_ok(dir, CaseMode::create);
        REQUIRE(c->set_meta("schema_version", std::to_string(k_schema_version + 1)));
    }
    auto ro = Case::open(dir, CaseMode::read_only);
    REQUIRE_FALSE(ro);
    CHECK(ro.error().code == Errc::unsupported);
    auto rw = Case::open(dir, CaseMode::read_write);
    REQUIRE_FALSE(rw);
    CHECK(rw.error().code == Errc::unsupported);
}
