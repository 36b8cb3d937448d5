// Unit tests of mime/parse (parse_message): body choice, attachments, embedded messages,
// dates, addresses and the few inputs that are not messages at all.
#include "mailscope/mime/message.hpp"
#include "mailscope/util/time.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using namespace ms;

namespace {

Message parse_ok(const std::string& raw) {
    auto r = parse_message(raw);
    REQUIRE_MESSAGE(r, (r ? std::string() : r.error().message));
    return std::move(r).value();
}

bool has_warning(const Message& m, const std::string& text) {
    return std::any_of(m.warnings.begin(), m.warnings.end(),
                       [&](const std::string& w) { return w.find(text) != std::string::npos; });
}

const std::string k_alternative =
    "From: \"Alice Example\" <Alice@Example.COM>\n"
    "To: Bob <BOB@example.org>, undisclosed-recipients:;\n"
    "Cc: Team: carol@example.net, Dave <Dave@Example.net>;\n"
    "Subject: =?utf-8?B?5L2g5aW9?= report\n"
    "Date: Mon, 14 May 2001 09:39:00 -0700\n"
    "Message-ID: <abc@example.com>\n"
    "In-Reply-To: <p1@x>\n"
    "References: <p0@x>\n <p1@x>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/alternative; boundary=\"b1\"\n"
    "\n"
    "--b1\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "Plain body\n"
    "--b1\n"
    "Content-Type: text/html; charset=utf-8\n"
    "\n"
    "<p>HTML body</p>\n"
    "--b1--\n";

} // namespace

TEST_CASE("parse_message: headers of a multipart/alternative message") {
    Message m = parse_ok(k_alternative);
    CHECK(m.message_id == "abc@example.com");
    REQUIRE(m.in_reply_to.size() == 1);
    CHECK(m.in_reply_to[0] == "p1@x");
    REQUIRE(m.references.size() == 2);
    CHECK(m.references[0] == "p0@x");
    CHECK(m.references[1] == "p1@x");
    CHECK(m.subject == "你好 report");
    // 2001-05-14 09:39 -0700 is 16:39 UTC.
    REQUIRE(m.date);
    CHECK(*m.date == epoch_from_civil(2001, 5, 14, 16, 39, 0));
    CHECK(m.tz_offset_min == -420);
    CHECK(m.warnings.empty());
}

TEST_CASE("parse_message: addresses are lower-cased and groups flattened") {
    Message m = parse_ok(k_alternative);
    CHECK(m.from.name == "Alice Example");
    CHECK(m.from.addr == "alice@example.com");
    REQUIRE(m.to.size() == 1); // the empty group adds nobody
    CHECK(m.to[0].name == "Bob");
    CHECK(m.to[0].addr == "bob@example.org");
    REQUIRE(m.cc.size() == 2);
    CHECK(m.cc[0].addr == "carol@example.net");
    CHECK(m.cc[1].name == "Dave");
    CHECK(m.cc[1].addr == "dave@example.net");
    CHECK(m.bcc.empty());
}

TEST_CASE("parse_message: multipart/alternative prefers the plain text") {
    Message m = parse_ok(k_alternative);
    CHECK(m.body == "Plain body");
    CHECK(m.attachments.empty());
    CHECK_FALSE(m.has_attachment());
}

TEST_CASE("parse_message: multipart/alternative uses the HTML when the plain part is empty") {
    std::string raw = "From: a@example.com\nSubject: s\nDate: Mon, 14 May 2001 16:39:00 +0000\n"
                      "Content-Type: multipart/alternative; boundary=\"b\"\n\n"
                      "--b\nContent-Type: text/plain\n\n \n\n"
                      "--b\nContent-Type: text/html\n\n"
                      "<html><body><p>Only <b>HTML</b></p><p>here</p></body></html>\n"
                      "--b--\n";
    Message m = parse_ok(raw);
    CHECK(m.body == "Only HTML\nhere");
}

TEST_CASE("parse_message: attachments with RFC 2231 names, decoded sizes and hashes") {
    // 报告.pdf percent-encoded in UTF-8; 价格 in GBK = BC DB B8 F1.
    std::string csv = "\xBC\xDB\xB8\xF1,1";
    std::string raw = "From: a@example.com\nTo: b@example.com\nSubject: files\n"
                      "Date: Mon, 14 May 2001 16:39:00 +0000\nMIME-Version: 1.0\n"
                      "Content-Type: multipart/mixed; boundary=\"m\"\n\n"
                      "--m\nContent-Type: text/plain; charset=us-ascii\n\nSee attached.\n"
                      "--m\nContent-Type: application/octet-stream; name=\"fallback.bin\"\n"
                      "Content-Disposition: attachment; filename*=utf-8''%E6%8A%A5%E5%91%8A.pdf\n"
                      "Content-Transfer-Encoding: base64\n\nSGVsbG8gd29ybGQ=\n"
                      "--m\nContent-Type: text/csv; charset=gbk\n"
                      "Content-Disposition: attachment; filename=\"data.csv\"\n\n" +
                      csv + "\n--m--\n";
    Message m = parse_ok(raw);
    CHECK(m.body == "See attached.");
    REQUIRE(m.attachments.size() == 2);

    const Attachment& pdf = m.attachments[0];
    CHECK(pdf.part == "2");
    CHECK(pdf.filename == "报告.pdf");
    CHECK(pdf.content_type == "application/octet-stream");
    CHECK(pdf.size == 11); // "Hello world", decoded from base64
    CHECK(to_hex(pdf.sha256) ==
          "64ec88ca00b268e5ba1a35678a1b5316d212f4f366b2477232534a8aeca37f3c");
    CHECK_FALSE(pdf.is_inline);
    CHECK(pdf.text.empty());

    const Attachment& data = m.attachments[1];
    CHECK(data.part == "3");
    CHECK(data.filename == "data.csv");
    CHECK(data.content_type == "text/csv");
    CHECK(data.size == csv.size());
    CHECK(data.sha256 == sha256(csv));
    CHECK(data.text == "价格,1");
    CHECK(m.has_attachment());
}

TEST_CASE("parse_message: an RFC 2047 encoded attachment name is decoded") {
    std::string raw = "From: a@example.com\nSubject: s\nDate: Mon, 14 May 2001 16:39:00 +0000\n"
                      "Content-Type: multipart/mixed; boundary=\"m\"\n\n"
                      "--m\nContent-Type: text/plain\n\nhi\n"
                      "--m\nContent-Type: application/pdf\n"
                      "Content-Disposition: attachment; filename=\"=?gb2312?B?1+61zbzb?=.pdf\"\n\n"
                      "%PDF-1.4\n--m--\n";
    Message m = parse_ok(raw);
    REQUIRE(m.attachments.size() == 1);
    CHECK(m.attachments[0].filename == "最低价.pdf");
}

TEST_CASE("parse_message: has_attachment ignores signatures") {
    std::string raw = "From: a@example.com\nSubject: signed\nDate: Mon, 14 May 2001 16:39:00 +0000\n"
                      "Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; "
                      "micalg=pgp-sha256; boundary=\"s\"\n\n"
                      "--s\nContent-Type: text/plain\n\nSigned text\n"
                      "--s\nContent-Type: application/pgp-signature; name=\"signature.asc\"\n\n"
                      "-----BEGIN PGP SIGNATURE-----\nxyz\n-----END PGP SIGNATURE-----\n"
                      "--s--\n";
    Message m = parse_ok(raw);
    CHECK(m.body == "Signed text");
    REQUIRE(m.attachments.size() == 1);
    CHECK(m.attachments[0].content_type == "application/pgp-signature");
    CHECK_FALSE(m.has_attachment());
}

TEST_CASE("parse_message: a forwarded message/rfc822 part carries the inner text") {
    std::string raw = "From: a@example.com\nSubject: Fwd: plan\nDate: Mon, 14 May 2001 16:39:00 +0000\n"
                      "Content-Type: multipart/mixed; boundary=\"m\"\n\n"
                      "--m\nContent-Type: text/plain\n\nForwarding this.\n"
                      "--m\nContent-Type: message/rfc822\n\n"
                      "From: Inner Person <inner@example.com>\n"
                      "Subject: Inner subject\n"
                      "Date: Sun, 13 May 2001 10:00:00 +0000\n\n"
                      "Inner body text\n"
                      "--m--\n";
    Message m = parse_ok(raw);
    CHECK(m.body == "Forwarding this.");
    REQUIRE(m.attachments.size() == 1);
    const Attachment& a = m.attachments[0];
    CHECK(a.part == "2");
    CHECK(a.content_type == "message/rfc822");
    CHECK(a.filename == "Inner subject.eml");
    CHECK(a.text.find("From: Inner Person <inner@example.com>\n") != std::string::npos);
    CHECK(a.text.find("Subject: Inner subject\n") != std::string::npos);
    CHECK(a.text.find("Inner body text") != std::string::npos);
    CHECK(m.has_attachment());
}

TEST_CASE("parse_message: without a Date header the first Received date is used") {
    std::string raw = "Received: from mx.example.com by mail.example.com;\n"
                      " Tue, 15 May 2001 10:00:00 +0200\n"
                      "Received: from client by mx.example.com; Tue, 15 May 2001 07:00:00 +0000\n"
                      "From: a@example.com\nSubject: undated\n\nbody\n";
    Message m = parse_ok(raw);
    REQUIRE(m.date);
    CHECK(*m.date == epoch_from_civil(2001, 5, 15, 8, 0, 0));
    CHECK(m.tz_offset_min == 120);
    CHECK(has_warning(m, "no usable Date header; date taken from Received"));
}

TEST_CASE("parse_message: no Date and no Received leaves the date empty with a warning") {
    Message m = parse_ok("From: a@example.com\nSubject: undated\n\nbody\n");
    CHECK_FALSE(m.date);
    CHECK(has_warning(m, "no usable Date header"));
}

TEST_CASE("parse_message: garbage without a header is Errc::bad_input") {
    auto r = parse_message("this is not an email\njust some text\n");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::bad_input);
    CHECK_FALSE(r.error().hint.empty());
    auto empty = parse_message("");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == Errc::bad_input);
}

TEST_CASE("parse_message: a header block not ended by a blank line is a warning, not a failure") {
    Message m = parse_ok("From: a@example.com\nSubject: s\nDate: Mon, 14 May 2001 16:39:00 +0000\n"
                         "this line is the body\n");
    CHECK(m.subject == "s");
    CHECK(has_warning(m, "header block not ended by a blank line"));
}

TEST_CASE("parse_message: a raw GBK body with a wrong label is decoded and the repair noted") {
    // 中文邮件测试 in GBK, labelled iso-8859-1.
    std::string raw = "From: a@example.com\nSubject: s\nDate: Mon, 14 May 2001 16:39:00 +0000\n"
                      "Content-Type: text/plain; charset=iso-8859-1\n\n"
                      "\xD6\xD0\xCE\xC4\xD3\xCA\xBC\xFE\xB2\xE2\xCA\xD4\n";
    Message m = parse_ok(raw);
    CHECK(m.body.find("中文邮件测试") == 0);
    CHECK(has_warning(m, "declared charset iso-8859-1 does not fit, read as GB18030"));
}

TEST_CASE("parse_message: a charset repair in multipart/alternative is reported once") {
    std::string raw = "From: a@example.com\nSubject: s\nDate: Mon, 14 May 2001 16:39:00 +0000\n"
                      "Content-Type: multipart/alternative; boundary=\"b\"\n\n"
                      "--b\nContent-Type: text/plain; charset=iso-8859-1\n\n"
                      "\xD6\xD0\xCE\xC4\xD3\xCA\xBC\xFE\xB2\xE2\xCA\xD4\n"
                      "--b\nContent-Type: text/html; charset=utf-8\n\n<p>x</p>\n--b--\n";
    Message m = parse_ok(raw);
    CHECK(m.body.find("中文邮件测试") == 0);
    auto n = std::count_if(m.warnings.begin(), m.warnings.end(), [](const std::string& w) {
        return w.find("does not fit") != std::string::npos;
    });
    CHECK(n == 1);
}

TEST_CASE("parse_message: Chinese display names, encoded or raw, are decoded") {
    // 中文 in GBK is D6 D0 CE C4: split across two encoded words, and raw in the To header.
    Message m = parse_ok("From: =?gbk?B?1tDO?= =?gbk?B?xA==?= <ZW@example.com>\n"
                         "To: \xD6\xD0\xCE\xC4 <li@example.com>\n"
                         "Subject: s\n\nbody\n");
    CHECK(m.from.name == "中文");
    CHECK(m.from.addr == "zw@example.com");
    REQUIRE(m.to.size() == 1);
    CHECK(m.to[0].name == "中文");
    CHECK(m.to[0].addr == "li@example.com");
}

TEST_CASE("parse_message: a From that is not an address keeps its text as the name") {
    Message m = parse_ok("From: andy at example.com (Andy)\nSubject: s\n\nbody\n");
    CHECK(m.from.addr == "");
    CHECK(m.from.name == "andy at example.com (Andy)");
}

TEST_CASE("parse_message: body text is capped by the limits without splitting characters") {
    std::string raw = "From: a@example.com\nSubject: s\nContent-Type: text/plain; charset=utf-8\n\n";
    for (int i = 0; i < 100; ++i) raw += "最低价";
    ParseLimits lim;
    lim.max_body_text = 10; // 3 whole characters (9 bytes) fit
    auto r = parse_message(raw, lim);
    REQUIRE(r);
    CHECK(r->body == "最低价");
}
