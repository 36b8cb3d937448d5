// A thin RAII layer over SQLite that turns its return codes into ms::Error.
#pragma once

#include "mailscope/util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace ms {

class Stmt {
public:
    Stmt() = default;
    Stmt(sqlite3* db, sqlite3_stmt* st) : m_db(db), m_st(st) {}
    Stmt(Stmt&& o) noexcept;
    Stmt& operator=(Stmt&& o) noexcept;
    Stmt(const Stmt&) = delete;
    ~Stmt();

    Stmt& bind(int i, std::int64_t v);
    Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    Stmt& bind(int i, std::uint32_t v) { return bind(i, static_cast<std::int64_t>(v)); }
    Stmt& bind(int i, std::uint64_t v) { return bind(i, static_cast<std::int64_t>(v)); }
    Stmt& bind(int i, double v);
    Stmt& bind(int i, std::string_view text);
    Stmt& bind(int i, const char* text) { return bind(i, std::string_view(text)); }
    Stmt& bind(int i, const std::string& text) { return bind(i, std::string_view(text)); }
    Stmt& bind_blob(int i, std::string_view bytes);
    Stmt& bind_null(int i);
    Stmt& bind(int i, const std::optional<std::int64_t>& v) {
        return v ? bind(i, *v) : bind_null(i);
    }

    // true: a row is available; false: done. Errors name the SQL.
    Result<bool> step();
    // Runs to completion, for statements that return no rows.
    Result<void> run();
    void reset();

    bool is_null(int col) const;
    std::int64_t int64(int col) const;
    double real(int col) const;
    std::string text(int col) const;
    std::string blob(int col) const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_st = nullptr;
};

class Db {
public:
    static Result<Db> open(const std::string& path, bool read_only);
    Db() = default;
    Db(Db&& o) noexcept;
    Db& operator=(Db&& o) noexcept;
    Db(const Db&) = delete;
    ~Db();

    Result<void> exec(const std::string& sql);
    Result<Stmt> prepare(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    int changes() const;
    sqlite3* handle() const { return m_db; }
    const std::string& path() const { return m_path; }

private:
    sqlite3* m_db = nullptr;
    std::string m_path;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed uncommitted.
class Transaction {
public:
    static Result<Transaction> begin(Db& db);
    Transaction(Transaction&& o) noexcept : m_db(o.m_db) { o.m_db = nullptr; }
    Transaction(const Transaction&) = delete;
    ~Transaction();
    Result<void> commit();

private:
    explicit Transaction(Db* db) : m_db(db) {}
    Db* m_db = nullptr;
};

// Translates an SQLite result code into an Error naming what was attempted.
Error sqlite_error(sqlite3* db, int rc, std::string_view what);

} // namespace ms
