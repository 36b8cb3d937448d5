// Unit tests of util/privilege (multi-user mode) and of the shared case it gives Case::open:
// the modes a shared case creates, UserRights for the user's own files, and which case
// folders the setgid group may be used on (here the process runs without setgid).
#include "mailscope/store/case.hpp"
#include "mailscope/util/fs.hpp"
#include "mailscope/util/privilege.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <sys/stat.h>
#include <unistd.h>

using namespace ms;

namespace {

unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

} // namespace

TEST_CASE("share_mode gives the group the owner's read and write bits only when shared") {
    set_case_shared(false);
    CHECK(share_mode(0600) == 0600);
    set_case_shared(true);
    CHECK(share_mode(0600) == 0660);
    CHECK(share_mode(0400) == 0440);
    set_case_shared(false);
}

TEST_CASE("UserRights writes owner-only files and restores the umask and sharing") {
    TempDir t;
    set_case_shared(true);
    mode_t before = ::umask(007);
    {
        UserRights user;
        CHECK_FALSE(case_shared());
        REQUIRE(write_file_atomic(t.path + "/out", "x", 0600));
        mode_t inside = ::umask(0);
        ::umask(inside);
        CHECK(inside == 077);
    }
    CHECK(case_shared());
    mode_t after = ::umask(before);
    CHECK(after == 007);
    CHECK(mode_of(t.path + "/out") == 0600);
    set_case_shared(false);
}

TEST_CASE("A case created shared is a setgid folder of the group, its files 0660") {
    TempDir t;
    std::string dir = t.path + "/case";
    mode_t before = ::umask(077);
    {
        auto c = Case::open(dir, CaseMode::create, static_cast<long>(::getgid()));
        REQUIRE_MESSAGE(c, (c ? std::string() : c.error().message));
        CHECK(case_shared());
        CHECK(mode_of(dir) == 02770);
        CHECK(mode_of(dir + "/case.db") == 0660);
        CHECK(mode_of(dir + "/lock") == 0660);
        REQUIRE(write_file_atomic(dir + "/mailscope.toml", "", 0600));
        CHECK(mode_of(dir + "/mailscope.toml") == 0660);
        // A folder made by a library with its own mode gets the group's rights back.
        REQUIRE(::mkdir((dir + "/index").c_str(), 0755) == 0);
    }
    CHECK(mode_of(dir + "/index") == 02770);
    // Opened again, a shared case stays shared; a private one is not.
    {
        auto c = Case::open(dir, CaseMode::read_only);
        REQUIRE(c);
        CHECK(case_shared());
    }
    {
        auto c = Case::open(t.path + "/private", CaseMode::create);
        REQUIRE(c);
        CHECK_FALSE(case_shared());
        CHECK(mode_of(t.path + "/private") == 0700);
        CHECK(mode_of(t.path + "/private/case.db") == 0600);
    }
    ::umask(before);
    set_case_shared(false);
}

TEST_CASE("--shared on an existing private case is refused") {
    TempDir t;
    std::string dir = t.path + "/case";
    { REQUIRE(Case::open(dir, CaseMode::create)); }
    auto c = Case::open(dir, CaseMode::create, static_cast<long>(::getgid()));
    REQUIRE_FALSE(c);
    CHECK(c.error().code == Errc::usage);
    CHECK(c.error().message.find("not shared") != std::string::npos);
}

TEST_CASE("Without setgid the group is never used, whatever the case folder") {
    init_privileges();
    REQUIRE_FALSE(running_setgid());
    TempDir t;
    auto p = shared_case_path(t.path);
    REQUIRE(p);
    CHECK(p->empty());
    auto missing = shared_case_path(t.path + "/nothing");
    REQUIRE(missing);
    CHECK(missing->empty());
}
