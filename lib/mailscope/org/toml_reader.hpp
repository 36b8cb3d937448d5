// Reading TOML configuration (the directory, policy files) with toml++, collecting every
// problem with its line instead of stopping at the first: `org check` and `policy test` list
// them all, like a compiler.
#pragma once

#include "mailscope/org/directory.hpp"

#include <initializer_list>
#include <string>
#include <vector>

namespace toml {
inline namespace v3 {
class table;
class node;
}
} // namespace toml

namespace ms {

class TomlReader {
public:
    TomlReader(std::string path, std::vector<FileProblem>& problems);
    ~TomlReader();
    TomlReader(const TomlReader&) = delete;
    TomlReader& operator=(const TomlReader&) = delete;

    // Reads and parses the file. A syntax error is a problem (with its line) and a failure.
    Result<void> load();
    // Parses `text` as if it were the file's content (an edit checked before it is written).
    Result<void> load_text(std::string text);
    const std::string& sha256() const { return m_sha256; }
    const std::string& text() const { return m_text; }
    const toml::table& root() const;

    // Unknown keys are problems: a misspelt key must not silently do nothing.
    void allow_top(std::initializer_list<const char*> keys);
    void allow(const toml::table& t, std::initializer_list<const char*> keys);

    bool has(const toml::table& t, const char* key) const;
    const toml::table* table(const toml::table& t, const char* key, bool required);
    std::vector<const toml::table*> tables_of(const toml::table& t, const char* key);
    std::string string(const toml::table& t, const char* key, bool required);
    // A list of strings; a single string is accepted as a list of one.
    std::vector<std::string> strings(const toml::table& t, const char* key, bool required);
    long long integer(const toml::table& t, const char* key, long long fallback, long long min,
                      long long max);
    bool boolean(const toml::table& t, const char* key, bool fallback);

    int line(const toml::table& t) const;
    void problem(const toml::table& t, const char* key, const std::string& message);
    void problem_at(int line, const std::string& message);

private:
    std::string m_path;
    std::vector<FileProblem>& m_problems;
    std::string m_text, m_sha256;
    struct Impl;
    Impl* m_impl = nullptr;
};

} // namespace ms
