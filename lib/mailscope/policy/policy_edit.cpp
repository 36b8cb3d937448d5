// Editing one string array of one rule of a policy file, keeping the rest of the file as it
// is. toml++ finds the rule and where each value begins (line and code-point column); the
// scanner of toml_text.hpp finds where values end. An edit is planned as splices on the
// original text, and the result is loaded again and compared with the original policy
// before anything is written.
#include "mailscope/policy/policy_edit.hpp"

#include "mailscope/policy/policy.hpp"
#include "mailscope/policy/toml_text.hpp"
#include "mailscope/util/fs.hpp"
#include "mailscope/util/strings.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <toml++/toml.h>
#include <vector>

namespace ms {

namespace {

using namespace toml_text;

// [begin, end) of the original text replaced by `with` (an insertion when begin == end).
struct Splice {
    std::size_t begin = 0, end = 0;
    std::string with;
};

// Applies splices given against the original text; overlapping deletions merge.
std::string apply(std::string_view text, std::vector<Splice> sp) {
    std::stable_sort(sp.begin(), sp.end(),
                     [](const Splice& a, const Splice& b) { return a.begin < b.begin; });
    std::vector<Splice> merged;
    for (auto& s : sp) {
        if (!merged.empty() && s.begin < merged.back().end) {
            merged.back().end = std::max(merged.back().end, s.end);
            merged.back().with += s.with;
        } else {
            merged.push_back(std::move(s));
        }
    }
    std::string out;
    out.reserve(text.size() + 256);
    std::size_t at = 0;
    for (const auto& s : merged) {
        out.append(text.substr(at, s.begin - at));
        out += s.with;
        at = s.end;
    }
    out.append(text.substr(at));
    return out;
}

// The history as one comment line: control characters and line breaks become spaces.
std::string history_line(const std::string& history) {
    std::string h = sanitize_utf8(history);
    for (char& c : h)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    h = collapse_whitespace(h);
    while (!h.empty() && h.front() == '#') h = collapse_whitespace(h.substr(1));
    return h;
}

// The list behind a key the edit accepts (terms, exceptions, regex).
std::vector<std::string>& list_of(Rule& r, const std::string& key) {
    return key == "terms" ? r.terms : key == "exceptions" ? r.exceptions : r.regexes;
}

bool same_rule(const Rule& a, const Rule& b) {
    return a.policy == b.policy && a.id == b.id && a.tier == b.tier && a.category == b.category &&
           a.description == b.description && a.terms == b.terms && a.regexes == b.regexes &&
           a.near == b.near && a.near_within == b.near_within && a.exceptions == b.exceptions &&
           a.exception_window == b.exception_window && a.skip_quoted == b.skip_quoted &&
           a.skip_forwarded == b.skip_forwarded && a.scope.roles == b.scope.roles &&
           a.scope.departments == b.scope.departments &&
           a.scope.directions == b.scope.directions && a.notify == b.notify &&
           a.retain == b.retain;
}

// Whether `after` is `before` with the rule's list replaced by `want` and nothing else
// changed (line numbers aside).
bool only_list_changed(Policy before, const Policy& after, const std::string& rule_id,
                       const std::string& key, const std::vector<std::string>& want) {
    if (before.id != after.id || before.name != after.name ||
        before.description != after.description || before.traditional != after.traditional ||
        before.rules.size() != after.rules.size() || before.examples.size() != after.examples.size())
        return false;
    for (std::size_t i = 0; i < before.rules.size(); ++i) {
        Rule& r = before.rules[i];
        if (r.id == rule_id) list_of(r, key) = want;
        if (!same_rule(r, after.rules[i])) return false;
    }
    for (std::size_t i = 0; i < before.examples.size(); ++i) {
        const Example &a = before.examples[i], &b = after.examples[i];
        if (a.text != b.text || a.expect != b.expect || a.from != b.from || a.to != b.to)
            return false;
    }
    return true;
}

std::optional<std::size_t> offset_of(std::string_view t, const toml::source_position& p) {
    return toml_text::offset_of(t, p.line, p.column);
}

// One string of an array: where it is in the text, and its value.
struct Element {
    std::size_t begin = 0, end = 0;
    std::string value;
};

// One edit of one rule's list: checks the request and the file, plans the splices, and
// checks the result.
class Editor {
public:
    Editor(const std::string& path, std::string_view text, const std::string& rule_id,
           const std::string& key, const std::string& value, const std::string& history,
           bool add)
        : m_path(path), m_text(text), m_rule(rule_id), m_key(key), m_value(value), m_add(add),
          m_quoted(toml_quote(value)), m_where("rule '" + rule_id + "' of " + path),
          m_eol(text.find("\r\n") != npos ? "\r\n" : "\n"), m_history(history_line(history)) {}

    Result<std::string> run() {
        MS_TRY(check_request());
        MS_TRY(load_before());
        MS_TRY_ASSIGN(tbl, rule_table());
        if (const toml::node* node = tbl->get(m_key)) {
            MS_TRY(plan_existing(*node));
        } else {
            if (!m_add)
                return fail(Errc::not_found, m_quoted + " is not in '" + m_key + "' of " + m_where,
                            "the rule has no '" + m_key + "'");
            MS_TRY(plan_new_key(*tbl));
        }
        return checked(apply(m_text, std::move(m_splices)));
    }

private:
    std::string m_path;
    std::string_view m_text;
    std::string m_rule, m_key, m_value;
    bool m_add;
    std::string m_quoted, m_where, m_eol, m_history;
    Policy m_before;
    toml::table m_root;
    std::vector<std::string> m_want;  // the list as it must be after the edit
    std::vector<Splice> m_splices;

    Failure already() const {
        return fail(Errc::conflict, m_quoted + " is already in '" + m_key + "' of " + m_where,
                    "nothing to add");
    }

    Result<void> check_request() const {
        const char* verb = m_add ? "add" : "remove";
        if (m_key != "terms" && m_key != "exceptions" && m_key != "regex")
            return fail(Errc::usage, "cannot edit '" + m_key + "' of a rule",
                        "only the lists terms, exceptions and regex are edited this way");
        if (!is_valid_utf8(m_value))
            return fail(Errc::usage, std::string("the value to ") + verb + " is not valid UTF-8");
        if (trim(m_value).empty())
            return fail(Errc::usage, std::string("the value to ") + verb + " is blank");
        return ok();
    }

    // The file as it is must load cleanly, so that an edit is never blamed for old problems.
    Result<void> load_before() {
        std::vector<FileProblem> problems;
        auto before = load_policy_text(m_path, std::string(m_text), problems);
        if (!before)
            return fail(Errc::bad_input,
                        m_path + " does not load cleanly: " +
                            (problems.empty() ? before.error().message
                                              : format_problem(problems.front())),
                        "fix it first (mailscope policy test " + m_path + "); it was not changed");
        m_before = std::move(*before);
        std::string ids;
        for (auto& r : m_before.rules) {
            if (r.id == m_rule) {
                m_want = list_of(r, m_key);
                return ok();
            }
            ids += (ids.empty() ? "" : ", ") + r.id;
        }
        return fail(Errc::not_found,
                    "no rule '" + m_rule + "' in policy '" + m_before.id + "' (" + m_path + ")",
                    "its rules: " + ids);
    }

    Result<const toml::table*> rule_table() {
        try {
            m_root = toml::parse(m_text, m_path);
        } catch (const toml::parse_error& e) {
            return fail(Errc::bad_input, m_path + ": " + std::string(e.description()));
        }
        const toml::table* tbl = nullptr;
        if (const toml::array* rules = m_root["rule"].as_array())
            for (const auto& n : *rules)
                if (const toml::table* t = n.as_table())
                    if (t->get("id") && t->get("id")->value<std::string>() == m_rule) tbl = t;
        if (!tbl) return fail(Errc::internal, "rule '" + m_rule + "' not found again in " + m_path);
        if (tbl->is_inline())
            return fail(Errc::unsupported, m_where + " is written as an inline table",
                        "write it as a [[rule]] table to edit it with mailscope");
        return tbl;
    }

    // The key exists: the history goes above its line, the value into (or out of) it.
    Result<void> plan_existing(const toml::node& node) {
        auto vb = offset_of(m_text, node.source().begin);
        if (!vb) return fail(Errc::internal, "cannot place '" + m_key + "' of " + m_where);
        std::size_t ls = line_start(m_text, *vb);
        std::string indent = indent_of(m_text, ls);
        if (!m_history.empty()) m_splices.push_back({ls, ls, indent + "# " + m_history + m_eol});
        if (auto single = node.value<std::string>()) return plan_single(*vb, *single);
        if (const toml::array* arr = node.as_array()) {
            std::vector<Element> elems;
            for (const auto& e : *arr) {
                auto b = offset_of(m_text, e.source().begin);
                auto s = e.value<std::string>();
                std::size_t en = b ? string_end(m_text, *b) : npos;
                if (!s || en == npos)
                    return fail(Errc::bad_input, "'" + m_key + "' of " + m_where + " is not a list of strings");
                elems.push_back({*b, en, *s});
            }
            std::size_t close_end = bracket_end(m_text, *vb);
            if (close_end == npos)
                return fail(Errc::internal, "cannot find the end of '" + m_key + "' of " + m_where);
            return m_add ? plan_add(elems, *vb, close_end - 1, ls, indent) : plan_remove(elems);
        }
        return fail(Errc::bad_input, "'" + m_key + "' of " + m_where + " is not a list of strings");
    }

    // `key = "a"`, a list of one: it becomes `key = ["a", "value"]`, or `key = []`.
    Result<void> plan_single(std::size_t vb, const std::string& single) {
        std::size_t ve = string_end(m_text, vb);
        if (ve == npos) return fail(Errc::internal, "cannot find the end of '" + m_key + "' of " + m_where);
        if (m_add) {
            if (single == m_value) return already();
            m_splices.push_back({vb, vb, "["});
            m_splices.push_back({ve, ve, ", " + m_quoted + "]"});
            m_want.push_back(m_value);
            return ok();
        }
        if (single != m_value)
            return fail(Errc::not_found, m_quoted + " is not in '" + m_key + "' of " + m_where,
                        "its " + m_key + ": " + toml_quote(single));
        m_splices.push_back({vb, ve, "[]"});
        m_want.clear();
        return ok();
    }

    // After the last element; on a line of its own before a `]` that stands alone.
    Result<void> plan_add(const std::vector<Element>& elems, std::size_t open, std::size_t close,
                          std::size_t key_line, const std::string& indent) {
        for (const auto& e : elems)
            if (e.value == m_value) return already();
        m_want.push_back(m_value);
        if (elems.empty()) {
            m_splices.push_back({open + 1, open + 1, m_quoted});
            return ok();
        }
        const Element& last = elems.back();
        if (!blank_before(m_text, close)) {
            m_splices.push_back({last.end, last.end, ", " + m_quoted});
            return ok();
        }
        std::size_t after = skip_gap(m_text, last.end);
        bool comma = after < m_text.size() && m_text[after] == ',';
        std::size_t lls = line_start(m_text, last.begin);
        std::string elem_indent = lls == key_line ? indent + "    " : indent_of(m_text, lls);
        if (!comma) m_splices.push_back({last.end, last.end, ","});
        std::size_t cls = line_start(m_text, close);
        m_splices.push_back({cls, cls, elem_indent + m_quoted + (comma ? "," : "") + m_eol});
        return ok();
    }

    // Every element equal to the value goes, with one comma; an element alone on its line
    // goes with the line.
    Result<void> plan_remove(const std::vector<Element>& elems) {
        const std::string_view t = m_text;
        bool found = false;
        for (std::size_t k = 0; k < elems.size(); ++k) {
            const Element& m = elems[k];
            if (m.value != m_value) continue;
            found = true;
            std::size_t lb = line_start(t, m.begin);
            std::size_t a = skip_blanks(t, m.end);
            bool comma_after = a < t.size() && t[a] == ',';
            std::size_t r = skip_blanks(t, comma_after ? a + 1 : m.end);
            bool line_ends = r >= t.size() || t[r] == '\n' || t[r] == '\r' || t[r] == '#';
            std::size_t b = m.begin;  // with the blanks before it on its line
            while (b > lb && is_blank(t[b - 1])) --b;
            if (blank_before(t, m.begin) && line_ends) {
                m_splices.push_back({lb, next_line(t, m.begin), ""});
            } else if (comma_after) {
                m_splices.push_back(line_ends ? Splice{b, a + 1, ""} : Splice{m.begin, r, ""});
            } else if (k == 0) {
                m_splices.push_back({m.begin, m.end, ""});
            } else {
                // The last element: the comma before it goes.
                std::size_t pc = skip_gap(t, elems[k - 1].end);
                if (pc < t.size() && t[pc] == ',') m_splices.push_back({pc, pc + 1, ""});
                m_splices.push_back({b, m.end, ""});
            }
        }
        if (!found) {
            std::string values;
            for (const auto& e : elems) values += (values.empty() ? "" : ", ") + toml_quote(e.value);
            return fail(Errc::not_found, m_quoted + " is not in '" + m_key + "' of " + m_where,
                        values.empty() ? "the list is empty" : "its " + m_key + ": " + values);
        }
        m_want.erase(std::remove(m_want.begin(), m_want.end(), m_value), m_want.end());
        return ok();
    }

    // A new `key = ["value"]` line after the rule's last key = value line. Tables written as
    // [rule.x] headers or dotted keys are passed over: a line after the last plain key is
    // still in the rule's own table.
    Result<void> plan_new_key(const toml::table& tbl) {
        std::size_t last_end = npos, last_line = 0;
        for (const auto& [k, v] : tbl) {
            if (v.is_table() && !v.as_table()->is_inline()) continue;
            auto b = offset_of(m_text, v.source().begin);
            if (!b || blank_before(m_text, *b)) continue;
            std::size_t en = value_end(m_text, *b);
            if (en != npos && (last_end == npos || en > last_end)) {
                last_end = en;
                last_line = line_start(m_text, *b);
            }
        }
        if (last_end == npos) return fail(Errc::internal, "cannot place a new '" + m_key + "' in " + m_where);
        std::size_t at = next_line(m_text, last_end);
        std::string indent = indent_of(m_text, last_line);
        std::string line;
        if (at == m_text.size() && (m_text.empty() || m_text.back() != '\n')) line += m_eol;
        if (!m_history.empty()) line += indent + "# " + m_history + m_eol;
        line += indent + m_key + " = [" + m_quoted + "]" + m_eol;
        m_splices.push_back({at, at, line});
        m_want.push_back(m_value);
        return ok();
    }

    Result<std::string> checked(std::string out) const {
        std::vector<FileProblem> problems;
        auto after = load_policy_text(m_path, out, problems);
        std::string what = std::string(m_add ? "adding " : "removing ") + m_quoted +
                           (m_add ? " to '" : " from '") + m_key + "' of " + m_where;
        if (!after)
            return fail(Errc::bad_input,
                        what + " would leave a problem: " +
                            (problems.empty() ? after.error().message : problems.front().message),
                        "the file was not changed");
        if (!only_list_changed(m_before, *after, m_rule, m_key, m_want))
            return fail(Errc::internal, what + " would change more than that list",
                        "the file was not changed; this is a bug, please report it with the file");
        return out;
    }
};

Result<void> edit_file(const std::string& path, const std::string& rule_id,
                       const std::string& key, const std::string& value,
                       const std::string& history, bool add) {
    MS_TRY_ASSIGN(text, read_file(path));
    MS_TRY_ASSIGN(out, Editor(path, text, rule_id, key, value, history, add).run());
    struct stat st {};
    unsigned mode = ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0600;
    return write_file_atomic(path, out, mode);
}

} // namespace

std::string toml_quote(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out = "\"";
    for (char ch : s) {
        unsigned char c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
            } else {
                out += ch;
            }
        }
    }
    out += '"';
    return out;
}

Result<std::string> add_to_rule_array_text(const std::string& path, std::string_view text,
                                           const std::string& rule_id, const std::string& key,
                                           const std::string& value, const std::string& history) {
    return Editor(path, text, rule_id, key, value, history, true).run();
}

Result<std::string> remove_from_rule_array_text(const std::string& path, std::string_view text,
                                                const std::string& rule_id,
                                                const std::string& key, const std::string& value,
                                                const std::string& history) {
    return Editor(path, text, rule_id, key, value, history, false).run();
}

Result<void> add_to_rule_array(const std::string& path, const std::string& rule_id,
                               const std::string& key, const std::string& value,
                               const std::string& history) {
    return edit_file(path, rule_id, key, value, history, true);
}

Result<void> remove_from_rule_array(const std::string& path, const std::string& rule_id,
                                    const std::string& key, const std::string& value,
                                    const std::string& history) {
    return edit_file(path, rule_id, key, value, history, false);
}

} // namespace ms
