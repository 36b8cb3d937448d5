#include "mailscope/util/privilege.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace ms {

namespace {
bool g_setgid = false;
gid_t g_group = 0;
bool g_shared = false;

std::string octal(unsigned mode) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", mode & 07777);
    return buf;
}
} // namespace

void init_privileges() {
    g_group = ::getegid();
    g_setgid = g_group != ::getgid();
    // Lowered, not given up: the saved set-group-ID keeps it for hold_setgid_group().
    if (g_setgid && ::setegid(::getgid()) != 0 && !drop_setgid_group()) std::abort();
}

Result<void> hold_setgid_group() {
    if (!g_setgid) return ok();
    if (::setegid(g_group) != 0)
        return fail(Errc::internal, std::string("cannot take the setgid group back: ") +
                                        std::strerror(errno));
    return ok();
}

bool running_setgid() { return g_setgid; }
gid_t setgid_group() { return g_group; }

Result<void> drop_setgid_group() {
    gid_t g = ::getgid();
    if (::setresgid(g, g, g) != 0 || ::getegid() != g)
        return fail(Errc::internal, std::string("cannot give up the setgid group: ") +
                                        std::strerror(errno));
    g_setgid = false;
    return ok();
}

bool user_in_group(gid_t gid) {
    if (::getgid() == gid) return true;
    int n = ::getgroups(0, nullptr);
    if (n <= 0) return false;
    std::vector<gid_t> groups(static_cast<std::size_t>(n));
    n = ::getgroups(n, groups.data());
    for (int i = 0; i < n; ++i)
        if (groups[static_cast<std::size_t>(i)] == gid) return true;
    return false;
}

void set_case_shared(bool shared) { g_shared = shared; }
bool case_shared() { return g_shared; }
unsigned share_mode(unsigned mode) { return g_shared ? mode | ((mode & 0600) >> 3) : mode; }

Result<std::string> shared_case_path(const std::string& dir) {
    char* real = ::realpath(dir.c_str(), nullptr);
    if (!real) return std::string();
    std::string path(real);
    std::free(real);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return std::string();
    uid_t me = ::getuid();
    // Root, the owner and the group's real members reach the case with their own rights.
    if (me == 0 || st.st_uid == me || st.st_gid != g_group || user_in_group(g_group))
        return std::string();
    if (st.st_mode & 0007)
        return fail(Errc::permission,
                    path + ": a shared case must not be open to others (mode " +
                        octal(st.st_mode) + ")",
                    "ask its administrator to run `chmod -R o-rwx " + path + "`");
    // A folder the user may change could have the case renamed away and a folder of
    // theirs (their own mailscope.toml, links to the real case.db) put in its place.
    std::string p = path;
    while (p != "/") {
        std::size_t slash = p.rfind('/');
        p = slash == 0 ? "/" : p.substr(0, slash);
        struct stat ps {};
        if (::stat(p.c_str(), &ps) != 0)
            return fail(Errc::io, p + ": " + std::strerror(errno));
        bool writable = ps.st_uid == me || ((ps.st_mode & S_IWGRP) && user_in_group(ps.st_gid)) ||
                        (ps.st_mode & S_IWOTH);
        if (ps.st_uid == me || (writable && !(ps.st_mode & S_ISVTX)))
            return fail(Errc::permission,
                        path + ": a shared case must not lie inside " + p +
                            ", which you can change",
                        "its administrator should keep shared cases under a folder only they "
                        "can change, such as /srv/mailscope");
    }
    return path;
}

UserRights::UserRights() : m_shared(g_shared), m_umask(::umask(077)) {
    g_shared = false;
    if (!g_setgid) return;
    if (::setegid(::getgid()) == 0) {
        m_lowered = true;
        return;
    }
    // Never go on with the group in hand: give it up for good, or stop.
    if (!drop_setgid_group()) std::abort();
}

UserRights::~UserRights() {
    // Failing to take the group back leaves the process with less, never more.
    if (m_lowered) (void)::setegid(g_group);
    ::umask(m_umask);
    g_shared = m_shared;
}

} // namespace ms
