#include "mailscope/store/sqlite.hpp"

#include <sqlite3.h>

namespace ms {

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    int prim = rc & 0xFF;
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return Error(Errc::locked, std::string(what) + ": " + msg,
                     "another mailscope process may be writing to this case; wait for it to "
                     "finish");
    if (prim == SQLITE_READONLY || prim == SQLITE_PERM || prim == SQLITE_CANTOPEN)
        return Error(Errc::permission, std::string(what) + ": " + msg,
                     "check that you may read (and, to import, write) the case directory");
    if (prim == SQLITE_CORRUPT || prim == SQLITE_NOTADB)
        return Error(Errc::database, std::string(what) + ": " + msg,
                     "the case database is damaged or is not a mailscope case");
    if (prim == SQLITE_FULL)
        return Error(Errc::io, std::string(what) + ": " + msg, "free disk space and run again");
    return Error(Errc::database, std::string(what) + ": " + msg);
}

Stmt::Stmt(Stmt&& o) noexcept : m_db(o.m_db), m_st(o.m_st) { o.m_st = nullptr; }
Stmt& Stmt::operator=(Stmt&& o) noexcept {
    if (this != &o) {
        if (m_st) sqlite3_finalize(m_st);
        m_db = o.m_db;
        m_st = o.m_st;
        o.m_st = nullptr;
    }
    return *this;
}
Stmt::~Stmt() {
    if (m_st) sqlite3_finalize(m_st);
}

Stmt& Stmt::bind(int i, std::int64_t v) {
    sqlite3_bind_int64(m_st, i, v);
    return *this;
}
Stmt& Stmt::bind(int i, double v) {
    sqlite3_bind_double(m_st, i, v);
    return *this;
}
Stmt& Stmt::bind(int i, std::string_view t) {
    sqlite3_bind_text64(m_st, i, t.data(), t.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}
Stmt& Stmt::bind_blob(int i, std::string_view b) {
    sqlite3_bind_blob64(m_st, i, b.data(), b.size(), SQLITE_TRANSIENT);
    return *this;
}
Stmt& Stmt::bind_null(int i) {
    sqlite3_bind_null(m_st, i);
    return *this;
}

Result<bool> Stmt::step() {
    int rc = sqlite3_step(m_st);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Error e = sqlite_error(m_db, rc, "SQLite");
    const char* sql = sqlite3_sql(m_st);
    if (sql) e.message += " (in: " + std::string(sql).substr(0, 80) + ")";
    sqlite3_reset(m_st);
    return fail(std::move(e));
}

Result<void> Stmt::run() {
    for (;;) {
        MS_TRY_ASSIGN(row, step());
        if (!row) break;
    }
    reset();
    return ok();
}

void Stmt::reset() {
    sqlite3_reset(m_st);
    sqlite3_clear_bindings(m_st);
}

bool Stmt::is_null(int c) const { return sqlite3_column_type(m_st, c) == SQLITE_NULL; }
std::int64_t Stmt::int64(int c) const { return sqlite3_column_int64(m_st, c); }
double Stmt::real(int c) const { return sqlite3_column_double(m_st, c); }
std::string Stmt::text(int c) const {
    const unsigned char* p = sqlite3_column_text(m_st, c);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(m_st, c)))
             : std::string();
}
std::string Stmt::blob(int c) const {
    const void* p = sqlite3_column_blob(m_st, c);
    return p ? std::string(static_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(m_st, c)))
             : std::string();
}

Result<Db> Db::open(const std::string& path, bool read_only) {
    Db db;
    db.m_path = path;
    int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(path.c_str(), &db.m_db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        Error e = sqlite_error(db.m_db, rc, path);
        return fail(std::move(e));
    }
    sqlite3_busy_timeout(db.m_db, 10000);
    sqlite3_extended_result_codes(db.m_db, 1);
    return db;
}

Db::Db(Db&& o) noexcept : m_db(o.m_db), m_path(std::move(o.m_path)) { o.m_db = nullptr; }
Db& Db::operator=(Db&& o) noexcept {
    if (this != &o) {
        if (m_db) sqlite3_close_v2(m_db);
        m_db = o.m_db;
        m_path = std::move(o.m_path);
        o.m_db = nullptr;
    }
    return *this;
}
Db::~Db() {
    if (m_db) sqlite3_close_v2(m_db);
}

Result<void> Db::exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        Error e = sqlite_error(m_db, rc, m_path);
        sqlite3_free(err);
        return fail(std::move(e));
    }
    return ok();
}

Result<Stmt> Db::prepare(std::string_view sql) {
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &st, nullptr);
    if (rc != SQLITE_OK) {
        Error e = sqlite_error(m_db, rc, "SQLite prepare");
        e.message += " (in: " + std::string(sql.substr(0, 80)) + ")";
        return fail(std::move(e));
    }
    return Stmt(m_db, st);
}

std::int64_t Db::last_insert_rowid() const { return sqlite3_last_insert_rowid(m_db); }
int Db::changes() const { return sqlite3_changes(m_db); }

Result<Transaction> Transaction::begin(Db& db) {
    MS_TRY(db.exec("BEGIN IMMEDIATE"));
    return Transaction(&db);
}

Transaction::~Transaction() {
    if (m_db) (void)m_db->exec("ROLLBACK");
}

Result<void> Transaction::commit() {
    Db* db = m_db;
    m_db = nullptr;
    return db->exec("COMMIT");
}

} // namespace ms
