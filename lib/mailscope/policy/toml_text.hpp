// Where things are in the text of a TOML file, for editing it in place (policy_edit.cpp):
// lines, indentation, and where a string, an array or an inline table that starts at a given
// byte ends. It knows TOML's four kinds of strings and its comments, and nothing else: the
// text is assumed to be valid TOML already (toml++ parsed it), so it does not validate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ms::toml_text {

inline constexpr std::size_t npos = std::string_view::npos;

inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

// The first byte of i's line; the '\n' ending it (or the text's size); the first byte of the
// next line (or the size).
std::size_t line_start(std::string_view t, std::size_t i);
std::size_t line_end(std::string_view t, std::size_t i);
std::size_t next_line(std::string_view t, std::size_t i);

// The spaces and tabs that start the line beginning at `ls`.
std::string indent_of(std::string_view t, std::size_t ls);
// Whether only spaces and tabs stand between the start of i's line and i.
bool blank_before(std::string_view t, std::size_t i);

// The byte offset of a 1-based line and 1-based column counted in code points (toml++'s
// source positions), or nothing when the text has no such place.
std::optional<std::size_t> offset_of(std::string_view t, std::uint32_t line, std::uint32_t column);

// The end (after the closing quotes) of the string that starts at i, or npos.
std::size_t string_end(std::string_view t, std::size_t i);
// The end (after the closing bracket) of the array or inline table that starts at i, or npos.
std::size_t bracket_end(std::string_view t, std::size_t i);
// The end of any value starting at i: a string, array or inline table as above; a bare value
// (number, boolean, date) is on one line, and i itself stands for it.
std::size_t value_end(std::string_view t, std::size_t i);

// Skips white space, line breaks and comments; or only spaces and tabs.
std::size_t skip_gap(std::string_view t, std::size_t i);
std::size_t skip_blanks(std::string_view t, std::size_t i);

} // namespace ms::toml_text
