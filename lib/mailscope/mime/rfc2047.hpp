// Decoding of RFC 2047 encoded words and raw 8-bit header text, charset-tolerant.
//
// GMime decodes headers too, but trusts the declared charset of each word. Chinese mailers
// split one multi-byte character across two encoded words, label GBK as gb2312 or write raw
// GBK bytes with no encoding at all; this decoder joins adjacent words of one charset before
// converting and sends every piece through decode_to_utf8's rules.
#pragma once

#include <string>
#include <string_view>

namespace ms {

// Returns valid UTF-8 for any input, never fails.
std::string decode_header_text(std::string_view raw);

// Tolerant base64 (skips whitespace and junk, accepts missing padding).
std::string base64_decode(std::string_view in);

} // namespace ms
