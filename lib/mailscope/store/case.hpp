// A case: a directory holding case.db (SQLite), index/ (Xapian) and later the directory and
// policies. Created readable by its owner only, or shared with a group (multi-user mode,
// mailscope(1)); writers hold an exclusive lock on case/lock.
#pragma once

#include "mailscope/store/sqlite.hpp"

#include <memory>
#include <string>

namespace ms {

enum class CaseMode {
    read_only,   // search, show, export
    read_write,  // index, and anything that records
    create,      // import: creates the case when it does not exist yet
};

class Case {
public:
    // `shared_group` >= 0 with CaseMode::create makes a new case shared with that group:
    // the folder 2770 (setgid, so what is created inside inherits the group), files 0660.
    // Opening a shared case (a setgid folder with full group rights) makes what this process
    // creates in it shared too (set_case_shared).
    static Result<std::unique_ptr<Case>> open(const std::string& dir, CaseMode mode,
                                              long shared_group = -1);
    ~Case();

    Db& db() { return m_db; }
    const std::string& dir() const { return m_dir; }
    std::string index_dir() const { return m_dir + "/index"; }
    bool writable() const { return m_mode != CaseMode::read_only; }

    Result<std::string> meta(const std::string& key);
    Result<void> set_meta(const std::string& key, const std::string& value);

private:
    Case() = default;
    Db m_db;
    std::string m_dir;
    CaseMode m_mode = CaseMode::read_only;
    int m_lock_fd = -1;
    bool m_read_tx = false;
    bool m_shared = false;
};

} // namespace ms
