// Decoding of RFC 2047 encoded words and raw 8-bit header text, charset-tolerant.
//
// GMime decodes headers too, but trusts the declared charset of each word. Chinese mailers
// split one multi-byte character across two encoded words, label GBK as gb2312 or write raw
// GBK bytes with no encoding at all; this decoder joins adjacent words of one charset before
// converting and sends every piece through decode_to_utf8's rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ms {

// Returns valid UTF-8 for any input, never fails. `raw_charset` is the charset of unencoded
// 8-bit bytes when the caller knows it (see header_raw_charset); otherwise they are detected.
std::string decode_header_text(std::string_view raw, std::string_view raw_charset = {});

// The charset of a message's unencoded 8-bit header bytes, decided once over all of them:
// "ERP\xCF\xB5\xCD\xB3" is valid UTF-8 on its own, but not next to the GBK subject.
// `declared` is the first charset the message's MIME parts declare (a hint: Korean mail with
// raw KS C 5601 headers, Latin-1 "Frösche" filenames).
std::string header_raw_charset(const std::vector<std::string_view>& values,
                               std::string_view declared = {});

// An address header (From, To, Cc...) as UTF-8 that GMime's address parser reads correctly:
// raw 8-bit text is decoded (GB18030 detection), and encoded words in display names are
// replaced by their decoded text, quoted where needed, so mislabelled or split words come
// out right. Addresses themselves are left alone.
std::string decode_address_header(std::string_view raw, std::string_view raw_charset = {});

// Tolerant base64 (skips whitespace and junk, accepts missing padding).
std::string base64_decode(std::string_view in);

} // namespace ms
