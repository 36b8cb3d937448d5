// Editing a policy file (mailscope-policy(5)) in place: one string is added to, or removed
// from, one string array of one [[rule]], and everything else in the file stays byte for byte
// as it was (comments, blank lines, the order and layout of keys and of the other values).
// Adopted proposals (`policy adopt`) and accepted exceptions (`policy suggest --accept`) go
// through here, so that the phrase library stays a file people can read, diff and review.
//
// Every edit can carry a one-line history, written as a `# ...` comment on a line of its own
// just above the key's line. Later edits of the same key put their history below the earlier
// ones (oldest first, the newest right above the key), so the file shows how each list grew.
//
// An edit is checked before it is written: the new text must load with load_policy() without
// a single problem, the edited list must be the old one plus (or minus) the value, and every
// other rule, key and example must be unchanged. Only then is the file replaced, atomically
// (temp file and rename), keeping its permission bits. On any failure the file is untouched.
// The caller serialises writers (the CLI holds the case's lock).
#pragma once

#include "mailscope/util/error.hpp"

#include <string>
#include <string_view>

namespace ms {

// Adds `value` to the string array `key` ("terms", "exceptions" or "regex") of the [[rule]]
// whose id is `rule_id` in the policy file at `path`:
//   * an array written on one line gets `, "value"` after its last element;
//   * an array whose closing `]` stands on a line of its own gets a new line before it,
//     indented like the last element (with a comma added after that element when needed);
//   * a single string (`key = "a"`, a list of one) becomes `key = ["a", "value"]`;
//   * a missing key is created as `key = ["value"]` on a new line after the rule's last
//     key (indented like it), so that it stays in the rule's own table.
// The value is written as a TOML basic string (quotes, backslashes and control characters
// escaped); it must be valid UTF-8 and not blank. `history` (may be empty) is one line of
// text without the leading "#"; line breaks and control characters in it become spaces.
// Errors: Errc::not_found (no such rule), Errc::conflict (the value is already in the
// array), Errc::usage (bad key or value), Errc::unsupported (a rule written as an inline
// table), Errc::bad_input (the file, or the file after the edit, does not load cleanly).
Result<void> add_to_rule_array(const std::string& path, const std::string& rule_id,
                               const std::string& key, const std::string& value,
                               const std::string& history);

// Removes every occurrence of `value` from the string array `key` of the rule, with the
// comma that separated it; an element on a line of its own goes with its whole line (and a
// comment on that line). `key = "value"` becomes `key = []`. The same checks and errors as
// add_to_rule_array(), with Errc::not_found when the value is not in the array; removing the
// last term of a rule without regexes fails the check (a rule needs terms or regex).
Result<void> remove_from_rule_array(const std::string& path, const std::string& rule_id,
                                    const std::string& key, const std::string& value,
                                    const std::string& history);

// The same edits on text already in memory; `path` only names the file in messages and in
// the check. They return the new text and write nothing.
Result<std::string> add_to_rule_array_text(const std::string& path, std::string_view text,
                                           const std::string& rule_id, const std::string& key,
                                           const std::string& value, const std::string& history);
Result<std::string> remove_from_rule_array_text(const std::string& path, std::string_view text,
                                                const std::string& rule_id,
                                                const std::string& key, const std::string& value,
                                                const std::string& history);

// `s` as a TOML basic string, with its quotes: "a\"b", "c:\\d", "line\n".
std::string toml_quote(std::string_view s);

} // namespace ms
