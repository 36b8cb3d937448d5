// Unit tests of mime/headers: the raw header scanner, mail sniffing and the dedup key.
#include "mailscope/mime/headers.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace ms;

namespace {

// Turns LF line ends into CRLF.
std::string crlf(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

const std::string k_mail = "Date: Mon, 14 May 2001 09:39:00 -0700\n"
                           "From: Alice <alice@example.com>\n"
                           "To: bob@example.com\n"
                           "Subject: Quarterly report\n"
                           "Message-ID: <q3@example.com>\n"
                           "\n"
                           "Numbers attached.\n"
                           "-- \n"
                           "Alice\n";

} // namespace

TEST_CASE("scan_headers unfolds continuation lines") {
    HeaderBlock hb = scan_headers("Subject: a long\n  subject\n\tline\nTo: x@y\n\nbody\n");
    REQUIRE(hb.headers.size() == 2);
    CHECK(hb.headers[0].name == "Subject");
    CHECK(hb.headers[0].value == "a long subject line");
    CHECK(hb.headers[1].name == "To");
    CHECK(hb.headers[1].value == "x@y");
    CHECK(hb.has_separator);
    CHECK(hb.body == "body\n");
}

TEST_CASE("scan_headers skips a leading mbox From line") {
    HeaderBlock hb =
        scan_headers("From alice@example.com Mon May 14 16:39:00 2001\nFrom: alice@example.com\n\nx");
    REQUIRE(hb.headers.size() == 1);
    CHECK(hb.headers[0].name == "From");
    CHECK(hb.headers[0].value == "alice@example.com");
    CHECK(hb.body == "x");
}

TEST_CASE("scan_headers handles CRLF line ends") {
    HeaderBlock hb = scan_headers("Subject: hi\r\n there\r\nTo: x@y\r\n\r\nbody\r\n");
    REQUIRE(hb.headers.size() == 2);
    CHECK(hb.headers[0].value == "hi there");
    CHECK(hb.headers[1].value == "x@y");
    CHECK(hb.has_separator);
    CHECK(hb.body == "body\r\n");
}

TEST_CASE("scan_headers without a blank line: the first non-header line starts the body") {
    HeaderBlock hb = scan_headers("Subject: x\nTo: y\nthis is body text\nmore\n");
    REQUIRE(hb.headers.size() == 2);
    CHECK_FALSE(hb.has_separator);
    CHECK(hb.body == "this is body text\nmore\n");

    HeaderBlock only = scan_headers("Subject: x\nTo: y");
    CHECK(only.headers.size() == 2);
    CHECK_FALSE(only.has_separator);
    CHECK(only.body.empty());
}

TEST_CASE("scan_headers tolerates space before the colon and finds names case-insensitively") {
    HeaderBlock hb = scan_headers("Subject : spaced\nX-Empty:\n\n");
    REQUIRE(hb.headers.size() == 2);
    CHECK(hb.headers[0].name == "Subject");
    CHECK(hb.headers[0].value == "spaced");
    CHECK(hb.headers[1].value == "");
    REQUIRE(hb.find("SUBJECT") != nullptr);
    CHECK(hb.find("subject")->value == "spaced");
    CHECK(hb.find("To") == nullptr);
    CHECK(hb.body.empty());
    CHECK(hb.has_separator);
}

TEST_CASE("scan_headers returns the first of repeated headers from find") {
    HeaderBlock hb = scan_headers("Received: one\nReceived: two\n\n");
    CHECK(hb.headers.size() == 2);
    CHECK(hb.find("received")->value == "one");
}

TEST_CASE("scan_headers of text that is not mail has no headers") {
    HeaderBlock hb = scan_headers("Hello Bob,\nhow are you?\n");
    CHECK(hb.headers.empty());
    CHECK(hb.body == "Hello Bob,\nhow are you?\n");
    CHECK(scan_headers("").headers.empty());
    // A continuation line with nothing to continue is not a header either.
    CHECK(scan_headers("  indented: text\n").headers.empty());
}

TEST_CASE("looks_like_message is true for mail heads") {
    CHECK(looks_like_message(k_mail));
    CHECK(looks_like_message("From sender@x Mon May 14 16:39:00 2001\nFrom: a@b\nTo: c@d\n\n"));
    CHECK(looks_like_message("Subject: only a subject\n\nbody"));
    CHECK(looks_like_message("Received: from mx\n  by host\nX-Custom: 1\nMessage-ID: <a@b>\n"));
    CHECK(looks_like_message(crlf(k_mail)));
}

TEST_CASE("looks_like_message is false for JSON, XML, plain text and notes") {
    CHECK_FALSE(looks_like_message(""));
    CHECK_FALSE(looks_like_message("{\"from\": \"a@b\", \"subject\": \"x\"}\n"));
    CHECK_FALSE(looks_like_message("<?xml version=\"1.0\"?>\n<mail><from>a</from></mail>\n"));
    CHECK_FALSE(looks_like_message("Dear Bob,\n\nplease find the figures below.\n"));
    CHECK_FALSE(looks_like_message("Note: x\nsomething else\n"));
    CHECK_FALSE(looks_like_message("Note: x\nTodo: y\nStatus: open\n"));
    // Known fields further down do not help when the first line is not a field.
    CHECK_FALSE(looks_like_message("Hello\nFrom: a@b\nSubject: x\n"));
    // Many unknown fields with a single known one: a key/value file, not mail.
    CHECK_FALSE(looks_like_message("Name: x\nVersion: 1\nLicense: MIT\nFrom: a\n"));
}

TEST_CASE("content_key is 32 bytes and reports the Message-ID") {
    std::string mid = "unset";
    std::string key = content_key(k_mail, &mid);
    CHECK(key.size() == 32);
    CHECK(mid == "q3@example.com");
    std::string none = "unset";
    content_key("Subject: x\n\nbody", &none);
    CHECK(none == "");
}

TEST_CASE("content_key is equal for copies differing only in transport and storage") {
    const std::string key = content_key(k_mail);
    SUBCASE("Received, Status, X-Folder, Content-Length and X-Mozilla-Status headers") {
        std::string copy = "Received: from mx.example.com by mail.example.com; Mon, 14 May 2001\n"
                           "Return-Path: <alice@example.com>\n"
                           "Status: RO\nX-Status: A\nX-Mozilla-Status: 0001\n"
                           "X-Folder: \\Alice_Jun2001\\Notes Folders\\Sent\n"
                           "Content-Length: 34\n" +
                           k_mail;
        CHECK(content_key(copy) == key);
    }
    SUBCASE("a different Message-ID") {
        std::string copy = k_mail;
        copy.replace(copy.find("q3@example.com"), 14, "other.copy@host");
        std::string mid;
        CHECK(content_key(copy, &mid) == key);
        CHECK(mid == "other.copy@host");
    }
    SUBCASE("CRLF line ends") { CHECK(content_key(crlf(k_mail)) == key); }
    SUBCASE("trailing blank lines") {
        CHECK(content_key(k_mail + "\n\n") == key);
        CHECK(content_key(crlf(k_mail + "\n")) == key);
    }
    SUBCASE("an mbox From line in front") {
        CHECK(content_key("From alice@example.com Mon May 14 16:39:00 2001\n" + k_mail) == key);
    }
    SUBCASE("header folding and header-name case") {
        std::string copy = k_mail;
        copy.replace(copy.find("Subject: Quarterly report"), 25, "SUBJECT: Quarterly\n  report");
        CHECK(content_key(copy) == key);
    }
}

TEST_CASE("content_key differs when identifying headers or the body differ") {
    const std::string key = content_key(k_mail);
    auto changed = [&](const std::string& from, const std::string& to) {
        std::string copy = k_mail;
        copy.replace(copy.find(from), from.size(), to);
        return content_key(copy);
    };
    CHECK(changed("Quarterly report", "Quarterly reports") != key);
    CHECK(changed("09:39:00", "09:39:01") != key);
    CHECK(changed("To: bob@example.com", "To: carol@example.com") != key);
    CHECK(changed("From: Alice", "From: Alicia") != key);
    CHECK(changed("Numbers attached.", "Numbers attached!") != key);
    CHECK(content_key(k_mail + "P.S. one more line\n") != key);
    // A header that identifies the message, added: Cc.
    CHECK(content_key("Cc: eve@example.com\n" + k_mail) != key);
    // Whitespace inside a body line is content.
    CHECK(changed("Numbers attached.", "Numbers  attached.") != key);
}
