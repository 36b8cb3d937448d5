// Unit tests of mime/html: HTML mail as searchable text, and the charset an HTML part names.
#include "mailscope/mime/html.hpp"
#include "mailscope/util/strings.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace ms;

TEST_CASE("html_to_text drops head, scripts, styles and comments") {
    std::string html = "<html><head><title>Title</title><style>p{color:red}</style>"
                       "<script>alert('head')</script></head>"
                       "<body><p>Hello</p><script>var x = 1;</script>"
                       "<style>.a{}</style><!-- hidden comment --><p>World</p></body></html>";
    CHECK(html_to_text(html) == "Hello\nWorld");
    CHECK(html_to_text("<p>a<noscript>enable js</noscript>b</p>") == "ab");
}

TEST_CASE("html_to_text turns paragraphs, breaks and block elements into line breaks") {
    CHECK(html_to_text("<p>one</p><p>two</p>") == "one\ntwo");
    CHECK(html_to_text("line 1<br>line 2<br/>line 3") == "line 1\nline 2\nline 3");
    CHECK(html_to_text("<div>a</div><div>b</div><ul><li>x</li><li>y</li></ul>") == "a\nb\nx\ny");
    CHECK(html_to_text("<h1>Title</h1>text") == "Title\ntext");
}

TEST_CASE("html_to_text collapses source whitespace and separates table cells") {
    CHECK(html_to_text("<p>  many   \n\n spaces\there </p>") == "many spaces here");
    CHECK(html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr>"
                       "</table>") == "a b\nc d");
}

TEST_CASE("html_to_text decodes entities") {
    CHECK(html_to_text("<p>Tom &amp; Jerry</p>") == "Tom & Jerry");
    CHECK(html_to_text("<p>&lt;tag&gt;</p>") == "<tag>");
    CHECK(html_to_text("<p>a&nbsp;b</p>") == "a\xC2\xA0" "b"); // U+00A0 kept, not a space
    CHECK(html_to_text("<p>&#20320;&#x597D;</p>") == "你好");
    CHECK(html_to_text("<p>&quot;q&quot; &copy;</p>") == "\"q\" ©");
}

TEST_CASE("html_to_text keeps UTF-8 text") {
    CHECK(html_to_text("<p>最低价 报价</p>") == "最低价 报价");
}

TEST_CASE("html_to_text recovers from broken HTML") {
    CHECK(html_to_text("<p>unclosed <b>bold <i>italic</p>text") == "unclosed bold italic\ntext");
    CHECK(html_to_text("no tags at all") == "no tags at all");
    CHECK(html_to_text("<p>a</p></div></span></p>b") == "a\nb");
    CHECK(html_to_text("a < b and c > d") == "a < b and c > d"); // stray brackets stay text
    CHECK(html_to_text("x &unknown; y") == "x &unknown; y");
    CHECK(html_to_text("") == "");
    std::string deep;
    for (int i = 0; i < 2000; ++i) deep += "<div>";
    deep += "deep";
    CHECK(is_valid_utf8(html_to_text(deep)));
}

TEST_CASE("html_meta_charset finds <meta charset> and http-equiv") {
    CHECK(html_meta_charset("<html><head><meta charset=\"gb2312\"></head>") == "gb2312");
    CHECK(html_meta_charset("<meta http-equiv=\"Content-Type\" "
                            "content=\"text/html; charset=big5\">") == "big5");
    CHECK(html_meta_charset("<META HTTP-EQUIV=Content-Type CONTENT='text/html; "
                            "CHARSET=Windows-1252'>") == "windows-1252");
    CHECK(html_meta_charset("<meta charset=utf-8>") == "utf-8");
}

TEST_CASE("html_meta_charset ignores charset outside a meta tag and beyond the head") {
    CHECK(html_meta_charset("") == "");
    CHECK(html_meta_charset("<p>set charset=utf-8 in your client</p>") == "");
    CHECK(html_meta_charset("<meta name=\"x\"><p>charset=koi8-r</p>") == "");
    std::string late = std::string(5000, ' ') + "<meta charset=\"utf-8\">";
    CHECK(html_meta_charset(late) == "");
}
