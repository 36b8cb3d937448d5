#include "mailscope/org/toml_reader.hpp"

#include "mailscope/util/fs.hpp"
#include "mailscope/util/hash.hpp"

#include <toml++/toml.h>

namespace ms {

struct TomlReader::Impl {
    toml::table root;
};

TomlReader::TomlReader(std::string path, std::vector<FileProblem>& problems)
    : m_path(std::move(path)), m_problems(problems), m_impl(new Impl) {}

TomlReader::~TomlReader() { delete m_impl; }

Result<void> TomlReader::load() {
    MS_TRY_ASSIGN(text, read_file(m_path));
    return load_text(std::move(text));
}

Result<void> TomlReader::load_text(std::string text) {
    m_text = std::move(text);
    m_sha256 = to_hex(ms::sha256(m_text));
    try {
        m_impl->root = toml::parse(m_text, m_path);
    } catch (const toml::parse_error& e) {
        problem_at(static_cast<int>(e.source().begin.line), std::string(e.description()));
        return fail(Errc::bad_input, m_path + ":" + std::to_string(e.source().begin.line) +
                                         ": " + std::string(e.description()),
                    "the file is not valid TOML; see mailscope-directory(5) / mailscope-policy(5)");
    }
    return ok();
}

const toml::table& TomlReader::root() const { return m_impl->root; }

int TomlReader::line(const toml::table& t) const {
    return static_cast<int>(t.source().begin.line);
}

void TomlReader::problem_at(int line, const std::string& message) {
    m_problems.push_back({m_path, line, message});
}

void TomlReader::problem(const toml::table& t, const char* key, const std::string& message) {
    const toml::node* n = t.get(key);
    problem_at(n ? static_cast<int>(n->source().begin.line) : line(t),
               message);
}

static void check_keys(TomlReader& r, const toml::table& t,
                       std::initializer_list<const char*> keys) {
    for (const auto& [k, v] : t) {
        bool known = false;
        for (const char* a : keys)
            if (k.str() == a) known = true;
        if (!known)
            r.problem_at(static_cast<int>(v.source().begin.line),
                         "unknown key '" + std::string(k.str()) + "'");
    }
}

void TomlReader::allow_top(std::initializer_list<const char*> keys) {
    check_keys(*this, m_impl->root, keys);
}

void TomlReader::allow(const toml::table& t, std::initializer_list<const char*> keys) {
    check_keys(*this, t, keys);
}

bool TomlReader::has(const toml::table& t, const char* key) const { return t.contains(key); }

const toml::table* TomlReader::table(const toml::table& t, const char* key, bool required) {
    const toml::node* n = t.get(key);
    if (!n) {
        if (required) problem_at(line(t), std::string("missing [") + key + "] section");
        return nullptr;
    }
    if (!n->is_table()) {
        problem(t, key, std::string("'") + key + "' must be a table ([" + key + "])");
        return nullptr;
    }
    return n->as_table();
}

std::vector<const toml::table*> TomlReader::tables_of(const toml::table& t, const char* key) {
    std::vector<const toml::table*> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const toml::array* arr = n->as_array();
    if (!arr || !arr->is_array_of_tables()) {
        problem(t, key, std::string("'") + key + "' must be written as [[" + key + "]] entries");
        return out;
    }
    for (const auto& e : *arr) out.push_back(e.as_table());
    return out;
}

std::string TomlReader::string(const toml::table& t, const char* key, bool required) {
    const toml::node* n = t.get(key);
    if (!n) {
        if (required) problem_at(line(t), std::string("missing '") + key + "'");
        return {};
    }
    if (auto s = n->value<std::string>()) {
        if (required && s->empty()) problem(t, key, std::string("'") + key + "' is empty");
        return *s;
    }
    problem(t, key, std::string("'") + key + "' must be a string");
    return {};
}

std::vector<std::string> TomlReader::strings(const toml::table& t, const char* key,
                                             bool required) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) {
        if (required) problem_at(line(t), std::string("missing '") + key + "'");
        return out;
    }
    if (auto s = n->value<std::string>()) {
        out.push_back(*s);
        return out;
    }
    const toml::array* arr = n->as_array();
    if (!arr) {
        problem(t, key, std::string("'") + key + "' must be a list of strings");
        return out;
    }
    for (const auto& e : *arr) {
        if (auto s = e.value<std::string>()) out.push_back(*s);
        else problem_at(static_cast<int>(e.source().begin.line),
                        std::string("'") + key + "' must hold only strings");
    }
    if (required && out.empty()) problem(t, key, std::string("'") + key + "' is empty");
    return out;
}

long long TomlReader::integer(const toml::table& t, const char* key, long long fallback,
                              long long min, long long max) {
    const toml::node* n = t.get(key);
    if (!n) return fallback;
    auto v = n->value<long long>();
    if (!v || *v < min || *v > max) {
        problem(t, key, std::string("'") + key + "' must be a whole number from " +
                            std::to_string(min) + " to " + std::to_string(max));
        return fallback;
    }
    return *v;
}

bool TomlReader::boolean(const toml::table& t, const char* key, bool fallback) {
    const toml::node* n = t.get(key);
    if (!n) return fallback;
    auto v = n->value<bool>();
    if (!v) {
        problem(t, key, std::string("'") + key + "' must be true or false");
        return fallback;
    }
    return *v;
}

} // namespace ms
