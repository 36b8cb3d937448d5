// Unit tests of util/fs: read-only access to evidence files and atomic writes, in a temp dir.
#include "mailscope/util/fs.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace ms;
namespace fs = std::filesystem;

namespace {

// A fresh directory under $TMPDIR, removed with everything in it.
} // namespace

TEST_CASE("MappedFile of an empty file is an empty view") {
    TempDir t;
    auto m = MappedFile::open(t.file("empty", ""));
    REQUIRE(m);
    CHECK(m->size() == 0);
    CHECK(m->view().empty());
}

TEST_CASE("MappedFile maps the whole file and survives a move") {
    TempDir t;
    std::string content = "From: a@b\n\nbody\n";
    auto m = MappedFile::open(t.file("msg", content));
    REQUIRE(m);
    CHECK(m->view() == content);
    MappedFile moved = std::move(*m);
    CHECK(moved.view() == content);
    CHECK(m->size() == 0); // the moved-from map is empty, not a dangling view
    MappedFile assigned;
    assigned = std::move(moved);
    CHECK(assigned.view() == content);
}

TEST_CASE("read_file and read_head") {
    TempDir t;
    std::string p = t.file("f", "hello world");
    auto all = read_file(p);
    REQUIRE(all);
    CHECK(*all == "hello world");
    auto head = read_head(p, 5);
    REQUIRE(head);
    CHECK(*head == "hello");
    auto more = read_head(p, 1000);
    REQUIRE(more);
    CHECK(*more == "hello world");
    auto none = read_head(p, 0);
    REQUIRE(none);
    CHECK(none->empty());
}

TEST_CASE("read_head stops at the limit on a file larger than one read buffer") {
    TempDir t;
    std::string big(200000, 'a');
    big[99999] = 'z';
    std::string p = t.file("big", big);
    auto head = read_head(p, 100000);
    REQUIRE(head);
    CHECK(head->size() == 100000);
    CHECK(head->back() == 'z');
    auto all = read_file(p);
    REQUIRE(all);
    CHECK(*all == big);
}

TEST_CASE("sha256_file equals sha256 of the file's bytes") {
    TempDir t;
    CHECK(to_hex(*sha256_file(t.file("abc", "abc"))) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(*sha256_file(t.file("empty", "")) == sha256(""));
    // Larger than the 64 KiB read buffer, so several reads feed the hasher.
    std::string big;
    for (int i = 0; i < 30000; ++i) big += std::to_string(i) + "\n";
    REQUIRE(big.size() > 65536 * 2);
    auto d = sha256_file(t.file("big", big));
    REQUIRE(d);
    CHECK(*d == sha256(big));
}

TEST_CASE("write_file_atomic writes, replaces and leaves no temp file behind") {
    TempDir t;
    std::string p = t.path + "/out.txt";
    REQUIRE(write_file_atomic(p, "first"));
    CHECK(*read_file(p) == "first");
    REQUIRE(write_file_atomic(p, std::string("sec\0nd", 6)));
    CHECK(*read_file(p) == std::string("sec\0nd", 6));
    CHECK_FALSE(fs::exists(p + ".tmp"));
    int entries = 0;
    for ([[maybe_unused]] auto& e : fs::directory_iterator(t.path)) ++entries;
    CHECK(entries == 1);
}

TEST_CASE("write_file_atomic creates files with the requested mode") {
    TempDir t;
    std::string p = t.path + "/private";
    REQUIRE(write_file_atomic(p, "secret"));
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    std::string q = t.path + "/shared";
    mode_t old = ::umask(022);
    REQUIRE(write_file_atomic(q, "x", 0640));
    ::umask(old);
    REQUIRE(::stat(q.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0640);
}

TEST_CASE("missing files fail with Errc::not_found and name the path") {
    TempDir t;
    std::string p = t.path + "/does-not-exist.mbox";
    auto m = MappedFile::open(p);
    REQUIRE_FALSE(m);
    CHECK(m.error().code == Errc::not_found);
    CHECK(m.error().message.find(p) != std::string::npos);

    auto r = read_file(p);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::not_found);
    CHECK(r.error().message.find(p) != std::string::npos);

    auto h = read_head(p, 10);
    REQUIRE_FALSE(h);
    CHECK(h.error().code == Errc::not_found);

    auto s = sha256_file(p);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == Errc::not_found);
    CHECK(s.error().message.find(p) != std::string::npos);

    // A path through a regular file (ENOTDIR) is not found either.
    std::string through = t.file("plain", "x") + "/child";
    auto n = read_file(through);
    REQUIRE_FALSE(n);
    CHECK(n.error().code == Errc::not_found);
}

TEST_CASE("write_file_atomic into a missing directory fails naming the path") {
    TempDir t;
    std::string p = t.path + "/no-such-dir/out";
    auto r = write_file_atomic(p, "x");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::not_found);
    CHECK(r.error().message.find(p) != std::string::npos);
}

TEST_CASE("unreadable files fail with Errc::permission") {
    if (::geteuid() == 0) return; // root reads everything: nothing to test
    TempDir t;
    std::string p = t.file("locked", "x");
    REQUIRE(::chmod(p.c_str(), 0) == 0);
    auto r = read_file(p);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::permission);
    CHECK(r.error().message.find(p) != std::string::npos);
}
