// Unit tests of source/detect: sniffing file heads, format names and flag names.
#include "mailscope/source/source.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace ms;
namespace fs = std::filesystem;

namespace {

const std::string k_message = "From: a@example.com\nTo: b@example.com\nSubject: x\n\nbody\n";

} // namespace

TEST_CASE("sniff: PST and zip magic numbers") {
    CHECK(sniff(std::string("!BDN\x00\x01\x02\x03", 8)) == FileKind::pst);
    CHECK(sniff(std::string("PK\x03\x04\x14\x00", 6)) == FileKind::zip);
    CHECK(sniff("PK") == FileKind::unknown);
}

TEST_CASE("sniff: mbox is a From line followed by headers") {
    CHECK(sniff("From a@example.com Mon May 14 16:39:00 2001\n" + k_message) == FileKind::mbox);
    CHECK(sniff("From MAILER-DAEMON\n" + k_message) == FileKind::mbox);
}

TEST_CASE("sniff: a single message, also after a BOM or blank lines") {
    CHECK(sniff(k_message) == FileKind::message);
    CHECK(sniff("\xEF\xBB\xBF" + k_message) == FileKind::message);
    CHECK(sniff("\r\n\n" + k_message) == FileKind::message);
    CHECK(sniff("Received: from mx by host; Mon, 14 May 2001\nMessage-ID: <a@b>\n\n") ==
          FileKind::message);
}

TEST_CASE("sniff: empty and unknown content") {
    CHECK(sniff("") == FileKind::empty);
    CHECK(sniff("hello world\n") == FileKind::unknown);
    CHECK(sniff("{\"from\": \"a@b\"}") == FileKind::unknown);
    CHECK(sniff("From here to there\nis a long way\n") == FileKind::unknown);
    CHECK(sniff("From the desk of\n") == FileKind::unknown);
    CHECK(sniff(std::string("\x00\x01\x02\x03", 4)) == FileKind::unknown);
}

TEST_CASE("format_name and parse_format round trip") {
    for (Format f : {Format::automatic, Format::mbox, Format::maildir, Format::tree, Format::eml,
                     Format::pst}) {
        Format back = Format::automatic;
        REQUIRE(parse_format(format_name(f), back));
        CHECK(back == f);
    }
    CHECK(std::string(format_name(Format::automatic)) == "auto");
}

TEST_CASE("parse_format accepts the aliases dir and ost and rejects the rest") {
    Format f = Format::automatic;
    REQUIRE(parse_format("dir", f));
    CHECK(f == Format::tree);
    REQUIRE(parse_format("ost", f));
    CHECK(f == Format::pst);
    f = Format::eml;
    CHECK_FALSE(parse_format("", f));
    CHECK_FALSE(parse_format("MBOX", f));
    CHECK_FALSE(parse_format("olm", f));
    CHECK(f == Format::eml); // untouched on failure
}

TEST_CASE("flags_to_string names the set flags in a fixed order, without known") {
    CHECK(flags_to_string(0) == "");
    CHECK(flags_to_string(k_flag_known) == "");
    CHECK(flags_to_string(k_flag_seen) == "seen");
    CHECK(flags_to_string(k_flag_starred | k_flag_seen | k_flag_known) == "seen,starred");
    CHECK(flags_to_string(k_flag_seen | k_flag_replied | k_flag_starred | k_flag_draft |
                          k_flag_trashed | k_flag_forwarded) ==
          "seen,replied,starred,draft,trashed,forwarded");
}

TEST_CASE("detect_format reads content, not names") {
    TempDir t;
    auto fmt = [](const std::string& p) {
        auto r = detect_format(p);
        REQUIRE(r);
        return *r;
    };
    CHECK(fmt(t.file("looks-like.pst", "From a Mon May 14 16:39:00 2001\n" + k_message)) ==
          Format::mbox);
    CHECK(fmt(t.file("mail.mbox", k_message)) == Format::eml);
    CHECK(fmt(t.file("outlook.eml", std::string("!BDN\x00\x00", 6))) == Format::pst);

    fs::create_directories(t.path + "/md/cur");
    CHECK(fmt(t.path + "/md") == Format::maildir);
    fs::create_directories(t.path + "/md2/new");
    CHECK(fmt(t.path + "/md2") == Format::maildir);
    fs::create_directories(t.path + "/tree/sub");
    CHECK(fmt(t.path + "/tree") == Format::tree);
}

TEST_CASE("detect_format errors") {
    TempDir t;
    auto missing = detect_format(t.path + "/nothing");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Errc::not_found);

    auto empty = detect_format(t.file("empty", ""));
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == Errc::bad_input);

    auto zip = detect_format(t.file("archive.olm", std::string("PK\x03\x04rest", 8)));
    REQUIRE_FALSE(zip);
    CHECK(zip.error().code == Errc::unsupported);

    auto text = detect_format(t.file("notes.txt", "just some notes\n"));
    REQUIRE_FALSE(text);
    CHECK(text.error().code == Errc::bad_input);
    CHECK_FALSE(text.error().hint.empty());
}

TEST_CASE("open_source refuses a format that does not fit the path") {
    TempDir t;
    SourceOptions o;
    o.format = Format::maildir;
    auto r = open_source(t.file("one.eml", k_message), o);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::usage);
    o.format = Format::mbox;
    auto d = open_source(t.path, o);
    REQUIRE_FALSE(d);
    CHECK(d.error().code == Errc::usage);
}
