// HTML mail as searchable text, through libxml2's forgiving HTML parser.
#pragma once

#include <string>
#include <string_view>

namespace ms {

// `utf8_html` must already be UTF-8 (the part's charset is decoded first). Scripts, styles and
// comments are dropped; block elements become line breaks; entities are decoded.
std::string html_to_text(std::string_view utf8_html);

// The charset an HTML document names in <meta charset> or http-equiv, or "".
std::string html_meta_charset(std::string_view html_bytes);

} // namespace ms
