#include "mailscope/policy/toml_text.hpp"

#include "mailscope/util/strings.hpp"

namespace ms::toml_text {

std::size_t line_start(std::string_view t, std::size_t i) {
    std::size_t nl = i == 0 ? npos : t.rfind('\n', i - 1);
    return nl == npos ? 0 : nl + 1;
}

std::size_t line_end(std::string_view t, std::size_t i) {
    std::size_t nl = t.find('\n', i);
    return nl == npos ? t.size() : nl;
}

std::size_t next_line(std::string_view t, std::size_t i) {
    std::size_t e = line_end(t, i);
    return e == t.size() ? e : e + 1;
}

std::string indent_of(std::string_view t, std::size_t ls) {
    std::size_t i = ls;
    while (i < t.size() && is_blank(t[i])) ++i;
    return std::string(t.substr(ls, i - ls));
}

bool blank_before(std::string_view t, std::size_t i) {
    for (std::size_t k = line_start(t, i); k < i; ++k)
        if (!is_blank(t[k])) return false;
    return true;
}

std::optional<std::size_t> offset_of(std::string_view t, std::uint32_t line, std::uint32_t column) {
    std::size_t i = 0;
    for (std::uint32_t l = 1; l < line; ++l) {
        i = t.find('\n', i);
        if (i == npos) return std::nullopt;
        ++i;
    }
    for (std::uint32_t c = 1; c < column; ++c) {
        if (i >= t.size() || t[i] == '\n') return std::nullopt;
        next_code_point(t, i);
    }
    return i;
}

std::size_t string_end(std::string_view t, std::size_t i) {
    if (i >= t.size() || (t[i] != '"' && t[i] != '\'')) return npos;
    char q = t[i];
    std::string_view triple = q == '"' ? "\"\"\"" : "'''";
    if (t.substr(i, 3) == triple) {
        for (std::size_t j = i + 3; j < t.size();) {
            if (q == '"' && t[j] == '\\') {
                j += 2;
                continue;
            }
            if (t.substr(j, 3) == triple) {
                std::size_t k = j + 3;  // up to two more quotes belong to the content
                while (k < t.size() && k < j + 5 && t[k] == q) ++k;
                return k;
            }
            ++j;
        }
        return npos;
    }
    for (std::size_t j = i + 1; j < t.size();) {
        char c = t[j];
        if (c == '\n') return npos;
        if (q == '"' && c == '\\') {
            j += 2;
            continue;
        }
        if (c == q) return j + 1;
        ++j;
    }
    return npos;
}

std::size_t bracket_end(std::string_view t, std::size_t i) {
    int depth = 0;
    while (i < t.size()) {
        char c = t[i];
        if (c == '"' || c == '\'') {
            i = string_end(t, i);
            if (i == npos) return npos;
            continue;
        }
        if (c == '#') {
            i = line_end(t, i);
            continue;
        }
        if (c == '[' || c == '{') ++depth;
        else if ((c == ']' || c == '}') && --depth == 0) return i + 1;
        ++i;
    }
    return npos;
}

std::size_t value_end(std::string_view t, std::size_t i) {
    if (i >= t.size()) return npos;
    if (t[i] == '[' || t[i] == '{') return bracket_end(t, i);
    if (t[i] == '"' || t[i] == '\'') return string_end(t, i);
    return i;
}

std::size_t skip_gap(std::string_view t, std::size_t i) {
    while (i < t.size()) {
        char c = t[i];
        if (is_blank(c) || c == '\r' || c == '\n') ++i;
        else if (c == '#') i = line_end(t, i);
        else break;
    }
    return i;
}

std::size_t skip_blanks(std::string_view t, std::size_t i) {
    while (i < t.size() && is_blank(t[i])) ++i;
    return i;
}

} // namespace ms::toml_text
