#include "mailscope/store/case.hpp"

#include "mailscope/store/schema.hpp"
#include "mailscope/util/privilege.hpp"
#include "mailscope/util/time.hpp"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ms {

namespace {

// Libraries that create files in a shared case choose their own modes (Xapian makes index/
// 0755, so 0750 under umask 007): what this user owns there gets the group's rights back.
// Nothing is opened to others, and links are left alone.
void share_owned_files(const std::string& dir, int depth = 0) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return;
    while (const dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name == "." || name == "..") continue;
        std::string path = dir + "/" + name;
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0 || st.st_uid != ::geteuid()) continue;
        mode_t want = st.st_mode & 07777 & ~0007;
        if (S_ISDIR(st.st_mode)) {
            want |= S_ISGID | S_IRWXG;
            if (depth < 2) share_owned_files(path, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            want |= S_IRGRP | S_IWGRP;
        } else {
            continue;
        }
        if (want != (st.st_mode & 07777)) ::chmod(path.c_str(), want);
    }
    ::closedir(d);
}

} // namespace

Case::~Case() {
    if (m_read_tx) (void)m_db.exec("COMMIT");
    if (m_shared && m_mode != CaseMode::read_only) share_owned_files(m_dir);
    if (m_lock_fd >= 0) close(m_lock_fd);
}

Result<std::unique_ptr<Case>> Case::open(const std::string& dir, CaseMode mode, long shared_group) {
    std::error_code ec;
    std::string db_path = dir + "/case.db";
    struct stat st {};
    bool exists = ::stat(db_path.c_str(), &st) == 0;
    if (!exists && errno == EACCES)
        return fail(Errc::permission, dir + ": permission denied",
                    "the case belongs to another user; ask its owner for access");
    if (!exists && mode != CaseMode::create) {
        if (std::filesystem::exists(dir, ec))
            return fail(Errc::not_found, dir + ": not a mailscope case (no case.db)",
                        "create one with `mailscope import --case " + dir + " SOURCE...`");
        return fail(Errc::not_found, dir + ": no such case",
                    "create one with `mailscope import --case " + dir +
                        " SOURCE...`, or name an existing case with --case or MAILSCOPE_CASE");
    }
    if (!exists) {
        // Mail is personal data: the case is the owner's alone (see mailscope(1), SECURITY),
        // also when the directory was made beforehand with looser permissions. Only an empty
        // directory is taken over: `--case ~` must not turn a home directory into a case.
        std::error_code dec;
        if (std::filesystem::is_directory(dir, dec) &&
            !std::filesystem::is_empty(dir, dec) &&
            !std::filesystem::exists(dir + "/lock", dec))
            return fail(Errc::usage, dir + ": exists, is not empty and is not a mailscope case",
                        "give --case a new or empty directory");
        if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
            return fail(errno == EACCES ? Errc::permission : Errc::io,
                        dir + ": cannot create case directory: " + std::strerror(errno));
        if (shared_group >= 0 &&
            ::chown(dir.c_str(), static_cast<uid_t>(-1), static_cast<gid_t>(shared_group)) != 0)
            return fail(Errc::permission, dir + ": cannot give the case to the shared group: " +
                                              std::strerror(errno),
                        "create shared cases as root or as a member of the group");
        if (::chmod(dir.c_str(), shared_group >= 0 ? 02770 : 0700) != 0)
            return fail(Errc::permission, dir + ": cannot restrict permissions: " +
                                              std::strerror(errno));
    }
    struct stat dst {};
    bool shared = ::stat(dir.c_str(), &dst) == 0 && (dst.st_mode & S_ISGID) &&
                  (dst.st_mode & S_IRWXG) == S_IRWXG;
    if (exists && shared_group >= 0 && !(shared && dst.st_gid == static_cast<gid_t>(shared_group)))
        return fail(Errc::usage, dir + ": the case exists and is not shared; --shared only creates one",
                    "share an existing case as mailscope(1), MULTI-USER, describes");
    set_case_shared(shared);
    // Whatever is created in a shared case (SQLite's -wal and -shm, the index, caches) is
    // the group's too; nothing is ever open to others.
    if (shared) umask(007);
    auto c = std::unique_ptr<Case>(new Case());
    c->m_dir = dir;
    c->m_mode = mode;
    c->m_shared = shared;

    if (mode != CaseMode::read_only) {
        std::string lock = dir + "/lock";
        c->m_lock_fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, share_mode(0600));
        if (c->m_lock_fd < 0)
            return fail(errno == EACCES ? Errc::permission : Errc::io,
                        lock + ": cannot open lock file: " + std::strerror(errno));
        if (flock(c->m_lock_fd, LOCK_EX | LOCK_NB) != 0)
            return fail(Errc::locked, dir + ": the case is in use by another mailscope process",
                        "wait for the other import or index to finish");
    }

    mode_t old = umask(shared ? 007 : 077);
    auto db = Db::open(db_path, mode == CaseMode::read_only);
    umask(old);
    if (!db) return fail(std::move(db).error());
    // SQLite creates the database 0644 less the umask; its -wal and -shm copy this mode.
    if (!exists) ::chmod(db_path.c_str(), share_mode(0600));
    c->m_db = std::move(*db);
    if (mode != CaseMode::read_only) {
        MS_TRY(c->m_db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                            "PRAGMA foreign_keys=ON;"));
        MS_TRY(migrate(c->m_db));
        MS_TRY_ASSIGN(created, c->meta("created"));
        if (created.empty()) MS_TRY(c->set_meta("created", iso8601_utc(now_epoch())));
    } else {
        MS_TRY_ASSIGN(v, schema_version(c->m_db));
        if (v == 0) return fail(Errc::not_found, dir + ": case database is empty");
        if (v < k_schema_version)
            return fail(Errc::unsupported, dir + ": case was written by an older mailscope",
                        "run `mailscope index` once to upgrade it");
    }
    MS_TRY(c->m_db.exec("PRAGMA cache_size=-16000; PRAGMA temp_store=MEMORY;"));
    if (mode == CaseMode::read_only) {
        // Memory-mapped reads: listing thousands of messages otherwise costs a read() per
        // page. Readers only: for an import the mapped pages would count against its memory.
        MS_TRY(c->m_db.exec("PRAGMA mmap_size=1073741824;"));
        // A reader sees one snapshot for its whole run (a search's listing cannot mix two
        // states of an import), and takes the WAL read lock once instead of per statement.
        MS_TRY(c->m_db.exec("BEGIN"));
        c->m_read_tx = true;
    }
    return c;
}

Result<std::string> Case::meta(const std::string& key) {
    MS_TRY_ASSIGN(st, m_db.prepare("SELECT value FROM meta WHERE key=?"));
    st.bind(1, key);
    MS_TRY_ASSIGN(row, st.step());
    return row ? st.text(0) : std::string();
}

Result<void> Case::set_meta(const std::string& key, const std::string& value) {
    MS_TRY_ASSIGN(st, m_db.prepare("INSERT INTO meta(key, value) VALUES (?, ?) "
                                   "ON CONFLICT(key) DO UPDATE SET value=excluded.value"));
    st.bind(1, key).bind(2, value);
    return st.run();
}

} // namespace ms
