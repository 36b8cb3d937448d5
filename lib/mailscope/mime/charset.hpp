// Turns the bytes of a text part or header into UTF-8, whatever charset the mail claims.
//
// Mail lies about charsets: Chinese mail arrives as raw 8-bit GBK with no charset, labelled
// iso-8859-1, or labelled gb2312 while using GBK-only characters. The rules (see
// mailscope-import(1), "Charsets"): supersets replace the declared charset (gb2312 -> GB18030,
// big5 -> BIG5-HKSCS, latin1 -> windows-1252); bogus labels count as undeclared; undeclared or
// failing text is detected: UTF-8 if valid, GB18030 if it reads as Chinese, else ICU's detector.
#pragma once

#include <string>
#include <string_view>

namespace ms {

struct DecodedText {
    std::string text;     // valid UTF-8
    std::string charset;  // the charset actually used, e.g. "GB18030"
    bool guessed = false; // true when `charset` differs from what the mail declared
};

// Maps a declared charset label to the name iconv should use, or "" when it is not a charset
// at all ("charset", "134", "3Dutf-8" is repaired to UTF-8, "x-unknown", "default").
std::string canonical_charset(std::string_view declared);

DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared_charset);

// True when the bytes look like GB2312/GBK Chinese: most high bytes form valid pairs.
bool looks_like_gb(std::string_view bytes);

// True when the non-ASCII characters of UTF-8 text are mostly Chinese (ideographs and CJK
// punctuation): the check that a GB18030 reading of unlabelled bytes produced real Chinese,
// not private-use characters from Latin-1 "Grüße".
bool mostly_cjk(std::string_view utf8);

// Converts with iconv; false when the bytes are not valid in `charset`.
bool convert_charset(std::string_view bytes, const std::string& charset, std::string& out);

// Converts with ICU, replacing each invalid or unmappable sequence with U+FFFD; false when
// ICU does not know the charset or more than `max_errors` sequences had to be replaced.
bool convert_lenient(std::string_view bytes, const std::string& charset, std::string& out,
                     std::size_t max_errors);

} // namespace ms
