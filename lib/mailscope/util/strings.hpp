// Small string helpers shared by the parsers and the CLI: ASCII case, trimming, UTF-8 checks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ms {

std::string ascii_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
std::string_view trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
// Collapses runs of whitespace (including folded header line breaks) to one space and trims.
std::string collapse_whitespace(std::string_view s);

bool is_valid_utf8(std::string_view s);
// Replaces invalid UTF-8 sequences with U+FFFD so every string leaving the core is valid UTF-8.
std::string sanitize_utf8(std::string_view s);
// Truncates to at most `max_bytes` without splitting a UTF-8 sequence.
std::string utf8_truncate(std::string_view s, std::size_t max_bytes);

// The code point starting at s[i]; advances i. Invalid bytes give U+FFFD and advance by one.
char32_t next_code_point(std::string_view s, std::size_t& i);

// Terminal columns a UTF-8 string takes: East Asian wide characters count two.
std::size_t display_width(std::string_view s);
// Cuts or pads `s` with spaces to exactly `width` terminal columns.
std::string fit_display(std::string_view s, std::size_t width);

// Strips one pair of surrounding angle brackets and whitespace from a Message-ID.
std::string normalize_message_id(std::string_view s);
// Splits a References / In-Reply-To value into bare message-ids, in order.
std::vector<std::string> parse_message_id_list(std::string_view s);

} // namespace ms
