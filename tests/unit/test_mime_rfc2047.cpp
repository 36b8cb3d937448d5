// Unit tests of mime/rfc2047: encoded words, charset repair inside them, raw 8-bit headers.
// Base64 payloads were produced with Python (base64.b64encode("text".encode(charset))).
#include "mailscope/mime/rfc2047.hpp"
#include "mailscope/util/strings.hpp"

#include <doctest/doctest.h>

using namespace ms;

TEST_CASE("decode_header_text: B and Q encoded words") {
    CHECK(decode_header_text("=?utf-8?B?5L2g5aW9?=") == "你好");
    CHECK(decode_header_text("=?UTF-8?b?5L2g5aW9?=") == "你好");
    CHECK(decode_header_text("=?iso-8859-1?Q?Caf=E9?=") == "Café");
    CHECK(decode_header_text("=?utf-8?q?=E4=BD=A0=e5=a5=bd?=") == "你好");
}

TEST_CASE("decode_header_text: underscores in Q words are spaces") {
    CHECK(decode_header_text("=?utf-8?Q?Quarterly_report_Q3?=") == "Quarterly report Q3");
    // =5F is a literal underscore.
    CHECK(decode_header_text("=?utf-8?Q?file=5Fname?=") == "file_name");
}

TEST_CASE("decode_header_text: gb2312 label, including a GBK-only character") {
    CHECK(decode_header_text("=?gb2312?B?1+61zbzb?=") == "最低价");    // GBK D7EE B5CD BCDB
    CHECK(decode_header_text("=?GB2312?B?1uzpRrv5?=") == "朱镕基");    // 镕 is E9 46, GBK only
}

TEST_CASE("decode_header_text: whitespace between adjacent encoded words is dropped") {
    CHECK(decode_header_text("=?utf-8?Q?a?= =?utf-8?Q?b?=") == "ab");
    CHECK(decode_header_text("=?utf-8?Q?a?=\r\n\t=?utf-8?Q?b?=") == "ab");
    // Also between words of different charsets: 你 in UTF-8, then 好 in GBK (BA C3).
    CHECK(decode_header_text("=?utf-8?B?5L2g?= =?gbk?B?usM=?=") == "你好");
}

TEST_CASE("decode_header_text: a GBK character split across two B words") {
    // 中文 = D6 D0 CE C4: the first word carries D6 D0 CE, the second C4.
    CHECK(decode_header_text("=?gbk?B?1tDO?= =?gbk?B?xA==?=") == "中文");
}

TEST_CASE("decode_header_text: raw 8-bit GBK header text") {
    CHECK(decode_header_text("\xD7\xEE\xB5\xCD\xBC\xDB") == "最低价");
    CHECK(decode_header_text("Re: \xD6\xD0\xCE\xC4\xD3\xCA\xBC\xFE\xB2\xE2\xCA\xD4") ==
          "Re: 中文邮件测试");
}

TEST_CASE("decode_header_text: plain text around encoded words keeps its spaces") {
    CHECK(decode_header_text("Re: =?utf-8?B?5L2g5aW9?= world") == "Re: 你好 world");
    CHECK(decode_header_text("[list] =?utf-8?Q?a?= =?utf-8?Q?b?= c") == "[list] ab c");
    CHECK(decode_header_text("plain only") == "plain only");
    CHECK(decode_header_text("") == "");
}

TEST_CASE("decode_header_text: malformed words are left as text") {
    CHECK(decode_header_text("=?utf-8?X?abc?=") == "=?utf-8?X?abc?=");   // unknown encoding
    CHECK(decode_header_text("=?utf-8?B?abc") == "=?utf-8?B?abc");       // no end
    CHECK(decode_header_text("=??B?YWJj?=") == "=??B?YWJj?=");           // no charset
    CHECK(decode_header_text("=?utf-8?B?YW Jj?=") == "=?utf-8?B?YW Jj?="); // space inside B
    CHECK(decode_header_text("price =? 10") == "price =? 10");
    // A broken word before a good one does not stop the good one from decoding.
    CHECK(decode_header_text("=?x =?utf-8?Q?ok?=") == "=?x ok");
}

TEST_CASE("decode_header_text: RFC 2231 language suffix in the charset") {
    CHECK(decode_header_text("=?utf-8*en?Q?hello?=") == "hello");
}

TEST_CASE("decode_header_text: folding and control characters become single spaces") {
    CHECK(decode_header_text("Quarterly\r\n report") == "Quarterly report");
    CHECK(decode_header_text("a\x01\x02" "b") == "a b");
    CHECK(decode_header_text("=?utf-8?Q?a=0Db?=") == "a b");
}

TEST_CASE("decode_header_text: the result is valid UTF-8 even for undecodable bytes") {
    CHECK(is_valid_utf8(decode_header_text("=?utf-8?B?/w==?=")));       // 0xFF labelled UTF-8
    CHECK(is_valid_utf8(decode_header_text("\xFF\xFE raw")));
    CHECK(is_valid_utf8(decode_header_text("=?no-such-cs?Q?=E9=FF?=")));
}

TEST_CASE("decode_header_text: German iso-8859-1 subject") {
    CHECK(decode_header_text("=?iso-8859-1?Q?Gr=FC=DFe_aus_Berlin?=") == "Grüße aus Berlin");
}

TEST_CASE("decode_address_header: encoded display names become quoted UTF-8") {
    CHECK(decode_address_header("=?utf-8?B?5L2g5aW9?= <a@example.com>") ==
          "\"你好\" <a@example.com>");
    // One phrase from two words, a GBK character split between them (中文 = D6 D0 | CE C4).
    CHECK(decode_address_header("=?gbk?B?1tDO?= =?gbk?B?xA==?= <zw@example.com>") ==
          "\"中文\" <zw@example.com>");
    // Quotes and backslashes in the decoded text are escaped.
    CHECK(decode_address_header("=?utf-8?Q?say_=22hi=22?= <x@y>") == "\"say \\\"hi\\\"\" <x@y>");
    // Inside an existing quoted string the text is not quoted again.
    CHECK(decode_address_header("\"=?utf-8?Q?Bob?=\" <b@x>") == "\"Bob\" <b@x>");
}

TEST_CASE("decode_address_header: plain and raw 8-bit headers") {
    CHECK(decode_address_header("Bob <bob@example.com>, carol@example.com") ==
          "Bob <bob@example.com>, carol@example.com");
    CHECK(decode_address_header("\xD6\xD0\xCE\xC4 <zw@example.com>") == "中文 <zw@example.com>");
    CHECK(decode_address_header("") == "");
}

TEST_CASE("base64_decode tolerates whitespace, junk, missing padding and URL-safe digits") {
    CHECK(base64_decode("SGVsbG8gd29ybGQ=") == "Hello world");
    CHECK(base64_decode("SGVsbG8gd29ybGQ") == "Hello world");
    CHECK(base64_decode("SGVs bG8g\r\nd29y\tbGQ=") == "Hello world");
    CHECK(base64_decode("SGVs*bG8!") == "Hello");
    CHECK(base64_decode("") == "");
    CHECK(base64_decode("====") == "");
    // '+' '/' and their URL-safe forms '-' '_' are the same digits: 111110 111111 ...
    CHECK(base64_decode("+/+/") == "\xFB\xFF\xBF");
    CHECK(base64_decode("-_-_") == "\xFB\xFF\xBF");
    // Decoding stops at the first '='.
    CHECK(base64_decode("QQ==QUJD") == "A");
}
