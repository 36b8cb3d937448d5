// Unit tests of util/fs: read-only access to evidence files and atomic writes, in a temp dir.
#include "mailscope/util/fs.hpp"
#include "mailscope/util/strings.hpp"

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

TEST_CASE("sanitize_filename keeps names from leaving a folder") {
    CHECK(sanitize_filename("report.pdf") == "report.pdf");
    CHECK(sanitize_filename("../../etc/passwd") == "etc_passwd");
    CHECK(sanitize_filename("/tmp/x") == "tmp_x");
    CHECK(sanitize_filename("..\\..\\win.ini") == "win.ini");
    CHECK(sanitize_filename("..") == "file");
    CHECK(sanitize_filename(".") == "file");
    CHECK(sanitize_filename("") == "file");
    CHECK(sanitize_filename("", "customer") == "customer");
    CHECK(sanitize_filename(".hidden") == "hidden");
    CHECK(sanitize_filename("--rm -rf") == "rm -rf");
    CHECK(sanitize_filename(std::string("a\0b\nc.txt", 9)) == "a_b_c.txt");
    CHECK(sanitize_filename("con") == "_con");
    CHECK(sanitize_filename("NUL.txt") == "_NUL.txt");
    CHECK(sanitize_filename("com1") == "_com1");
    CHECK(sanitize_filename("console") == "console");
    CHECK(sanitize_filename("a:b*c?.txt") == "a_b_c_.txt");
    CHECK(sanitize_filename("name. ") == "name");
    CHECK(sanitize_filename("合同.pdf") == "合同.pdf");
    CHECK(sanitize_filename("bad\xff.txt") != "bad\xff.txt");
}

TEST_CASE("sanitize_filename cuts long UTF-8 names at a character and keeps the extension") {
    std::string name;
    for (int i = 0; i < 100; ++i) name += "文";  // 300 bytes
    std::string s = sanitize_filename(name + ".pdf");
    CHECK(s.size() <= 200);
    CHECK(s.size() > 190);
    CHECK(s.substr(s.size() - 4) == ".pdf");
    CHECK(sanitize_utf8(s) == s);
    CHECK(numbered_filename("a.txt", 2) == "a-2.txt");
    CHECK(numbered_filename(s, 12).size() <= 200);
}

TEST_CASE("write_file_in writes inside the folder and never follows a link") {
    TempDir t;
    std::string out = t.path + "/out";
    fs::create_directories(out);
    std::string outside = t.path + "/outside";
    fs::create_symlink(outside, out + "/1.eml");

    auto w = write_file_in(out, "1.eml", "hello");
    REQUIRE_FALSE(w);
    CHECK(w.error().code == Errc::conflict);
    CHECK_FALSE(fs::exists(outside));

    auto r = write_file_in(out, "1.eml", "hello", OnExisting::rename);
    REQUIRE(r);
    CHECK(*r == "1-2.eml");
    CHECK_FALSE(fs::exists(outside));

    auto x = write_file_in(out, "1.eml", "replaced", OnExisting::replace);
    REQUIRE(x);
    CHECK_FALSE(fs::exists(outside));
    CHECK_FALSE(fs::is_symlink(out + "/1.eml"));
    CHECK(*read_file(out + "/1.eml") == "replaced");

    auto p = write_file_in(out, "../../escape", "x");
    REQUIRE(p);
    CHECK(*p == "escape");
    CHECK(fs::exists(out + "/escape"));
    CHECK_FALSE(fs::exists(t.path + "/escape"));
}

TEST_CASE("safe_child_path refuses a link in the folder") {
    TempDir t;
    fs::create_symlink(t.path + "/elsewhere", t.path + "/a.pdf");
    auto p = safe_child_path(t.path, "a.pdf");
    REQUIRE_FALSE(p);
    CHECK(p.error().message.find("symbolic link") != std::string::npos);
    auto q = safe_child_path(t.path, "../b.pdf");
    REQUIRE(q);
    CHECK(*q == t.path + "/b.pdf");
    CHECK_FALSE(safe_child_path(t.path + "/missing", "x"));
}
