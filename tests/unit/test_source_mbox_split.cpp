// Unit tests of source/mbox_split: which "From " lines separate messages, the byte ranges of
// the messages (the blank line before a separator is framing), and ">From " unescaping.
#include "mailscope/source/mbox_split.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace ms;

namespace {

std::string text_of(const std::string& data, const MboxRange& r) {
    return data.substr(r.begin, r.end - r.begin);
}

} // namespace

TEST_CASE("is_envelope_line strict: needs a time and a year") {
    CHECK(is_envelope_line("From alice@example.com Mon May 14 16:39:00 2001", false));
    CHECK(is_envelope_line("From MAILER-DAEMON Fri Jul  8 12:08:34 2011", false));
    CHECK(is_envelope_line("From alice@example.com Mon May 14 16:39:00 2001\r", false));
    CHECK(is_envelope_line("From bob@example.com 2001-05-14 9:05 extra", false)); // d:dd is a time
    CHECK_FALSE(is_envelope_line("From alice@example.com", false));
    CHECK_FALSE(is_envelope_line("From here on, we meet on Monday", false));
    CHECK_FALSE(is_envelope_line("From a Mon May 14 16:39:00", false));        // no year
    CHECK_FALSE(is_envelope_line("From a Mon May 14 2001", false));            // no time
    CHECK_FALSE(is_envelope_line("From a Mon May 14 16:39:00 20011", false));  // not a 4-digit year
    CHECK_FALSE(is_envelope_line("From  a Mon May 14 16:39:00 2001", false));  // empty sender
}

TEST_CASE("is_envelope_line loose: any From followed by a token") {
    CHECK(is_envelope_line("From alice@example.com", true));
    CHECK(is_envelope_line("From x", true));
    CHECK(is_envelope_line("From  x", true));
    CHECK(is_envelope_line("From alice@example.com Mon May 14 16:39:00 2001", true));
}

TEST_CASE("is_envelope_line: never a header, a quoted line or a bare From") {
    for (bool loose : {false, true}) {
        CHECK_FALSE(is_envelope_line("From: alice@example.com Mon May 14 16:39:00 2001", loose));
        CHECK_FALSE(is_envelope_line(">From a Mon May 14 16:39:00 2001", loose));
        CHECK_FALSE(is_envelope_line("Fromage Mon May 14 16:39:00 2001", loose));
        CHECK_FALSE(is_envelope_line("From ", loose));
        CHECK_FALSE(is_envelope_line("From", loose));
        CHECK_FALSE(is_envelope_line("", loose));
        CHECK_FALSE(is_envelope_line("from a Mon May 14 16:39:00 2001", loose));
    }
}

TEST_CASE("split_mbox: two messages, offsets and the separator blank line excluded") {
    const std::string data = "From alice@example.com Mon May 14 16:39:00 2001\n"
                             "From: alice@example.com\n"
                             "Subject: one\n"
                             "\n"
                             "Body one\n"
                             "\n"
                             "From bob@example.com Tue May 15 10:00:00 2001\n"
                             "From: bob@example.com\n"
                             "Subject: two\n"
                             "\n"
                             "Body two\n";
    auto r = split_mbox(data);
    REQUIRE(r.size() == 2);
    CHECK(r[0].offset == 0);
    CHECK(r[0].begin == 48); // length of the first line plus its newline
    CHECK(text_of(data, r[0]) == "From: alice@example.com\nSubject: one\n\nBody one\n");
    CHECK(r[1].offset == data.find("From bob"));
    CHECK(r[1].begin == data.find("From: bob"));
    CHECK(r[1].end == data.size());
    CHECK(text_of(data, r[1]) == "From: bob@example.com\nSubject: two\n\nBody two\n");
}

TEST_CASE("split_mbox: only one blank line before a separator is framing") {
    const std::string data = "From a Mon May 14 16:39:00 2001\nSubject: one\n\nBody\n\n\n"
                             "From b Tue May 15 10:00:00 2001\nSubject: two\n\nx\n";
    auto r = split_mbox(data);
    REQUIRE(r.size() == 2);
    CHECK(text_of(data, r[0]) == "Subject: one\n\nBody\n\n");
}

TEST_CASE("split_mbox: a body From line without a date is not a separator") {
    const std::string data = "From a Mon May 14 16:39:00 2001\nSubject: one\n\n"
                             "Hello,\n\nFrom me to you: the figures.\n";
    auto r = split_mbox(data);
    REQUIRE(r.size() == 1);
    CHECK(text_of(data, r[0]) ==
          "Subject: one\n\nHello,\n\nFrom me to you: the figures.\n");
}

TEST_CASE("split_mbox: a dated From line without a blank line before needs a full envelope") {
    SUBCASE("time and year but no weekday or month: body text") {
        const std::string data = "From a Mon May 14 16:39:00 2001\nSubject: one\n\n"
                                 "Notes\nFrom the call at 12:30 in 2001 we learned\n";
        auto r = split_mbox(data);
        REQUIRE(r.size() == 1);
        CHECK(r[0].end == data.size());
    }
    SUBCASE("a complete asctime envelope: a separator even without the blank line") {
        const std::string data = "From a Mon May 14 16:39:00 2001\nSubject: one\n\nBody\n"
                                 "From c@example.com Wed May 16 08:00:00 2001\nSubject: three\n\nz\n";
        auto r = split_mbox(data);
        REQUIRE(r.size() == 2);
        CHECK(text_of(data, r[0]) == "Subject: one\n\nBody\n");
        CHECK(r[1].offset == data.find("From c@"));
        CHECK(text_of(data, r[1]) == "Subject: three\n\nz\n");
    }
}

TEST_CASE("split_mbox: the first line only needs a loose envelope") {
    const std::string data = "From MAILER-DAEMON\nSubject: x\n\nbody\n";
    auto r = split_mbox(data);
    REQUIRE(r.size() == 1);
    CHECK(r[0].offset == 0);
    CHECK(text_of(data, r[0]) == "Subject: x\n\nbody\n");
}

TEST_CASE("split_mbox: leading and trailing blank lines are framing") {
    const std::string data = "\n\nFrom a Mon May 14 16:39:00 2001\nSubject: x\n\nbody\n\n\n\n";
    auto r = split_mbox(data);
    REQUIRE(r.size() == 1);
    CHECK(r[0].offset == 2);
    CHECK(text_of(data, r[0]) == "Subject: x\n\nbody\n");
}

TEST_CASE("split_mbox: CRLF mailboxes") {
    const std::string data = "From a Mon May 14 16:39:00 2001\r\nSubject: x\r\n\r\nbody\r\n\r\n"
                             "From b Tue May 15 10:00:00 2001\r\nSubject: y\r\n\r\nbody2\r\n\r\n";
    auto r = split_mbox(data);
    REQUIRE(r.size() == 2);
    CHECK(text_of(data, r[0]) == "Subject: x\r\n\r\nbody\r\n");
    CHECK(r[1].offset == data.find("From b"));
    CHECK(text_of(data, r[1]) == "Subject: y\r\n\r\nbody2\r\n");
}

TEST_CASE("split_mbox: a message without a final newline ends at the end of the data") {
    const std::string data = "From a Mon May 14 16:39:00 2001\nSubject: x\n\nbody";
    auto r = split_mbox(data);
    REQUIRE(r.size() == 1);
    CHECK(text_of(data, r[0]) == "Subject: x\n\nbody");
}

TEST_CASE("split_mbox: an empty message between two separators is an empty range") {
    const std::string data = "From a Mon May 14 16:39:00 2001\n"
                             "From b Tue May 15 10:00:00 2001\nSubject: y\n\nz\n";
    auto r = split_mbox(data);
    REQUIRE(r.size() == 2);
    CHECK(r[0].begin == r[0].end);
    CHECK(text_of(data, r[1]) == "Subject: y\n\nz\n");
}

TEST_CASE("split_mbox: a UTF-8 BOM before the first From line keeps the first message") {
    const std::string data = "\xEF\xBB\xBF" "From a Mon May 14 16:39:00 2001\nSubject: one\n\nx\n\n"
                             "From b Tue May 15 10:00:00 2001\nSubject: two\n\ny\n";
    auto r = split_mbox(data);
    REQUIRE(r.size() == 2);
    CHECK(r[0].offset == 3);
    CHECK(text_of(data, r[0]) == "Subject: one\n\nx\n");
}

TEST_CASE("split_mbox: data without a From line has no messages") {
    CHECK(split_mbox("").empty());
    CHECK(split_mbox("\n\n").empty());
    CHECK(split_mbox("Subject: x\n\nno envelope\n").empty());
}

TEST_CASE("mbox_unescape removes one '>' from quoted From lines only") {
    CHECK(mbox_unescape(">From here\n") == "From here\n");
    CHECK(mbox_unescape(">>From here\n") == ">From here\n");
    CHECK(mbox_unescape(">>>From here\n") == ">>From here\n");
    CHECK(mbox_unescape(">Fromage\n") == ">Fromage\n");
    CHECK(mbox_unescape("> From x\n") == "> From x\n");
    CHECK(mbox_unescape(">quoted text\n") == ">quoted text\n");
    CHECK(mbox_unescape("From x\n") == "From x\n");
    CHECK(mbox_unescape("a >From x\n") == "a >From x\n");
    CHECK(mbox_unescape("line\n>From the end") == "line\nFrom the end");
    CHECK(mbox_unescape(">From x\r\n>Fromage\r\n") == "From x\r\n>Fromage\r\n");
    CHECK(mbox_unescape("") == "");
}
