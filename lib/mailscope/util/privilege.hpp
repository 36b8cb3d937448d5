// Multi-user mode (mailscope(1), MULTI-USER): the binary is installed setgid to a group (for
// example `mailscope`) that owns shared cases, so that users reach those cases only through
// mailscope and its role checks (the plocate model). The process holds the group only while
// it works on a shared case owned by someone else: every file the user names (evidence, an
// export, a font, a policy file) is opened with the user's own rights (UserRights), and a
// command that needs no such case gives the group up for good before it starts.
#pragma once

#include "mailscope/util/error.hpp"

#include <string>
#include <sys/types.h>

namespace ms {

// Remembers, once at startup, whether the binary runs setgid and to which group, and lowers
// the effective group to the user's own until hold_setgid_group() takes it back: nothing
// before that decision (parsing the command line, the password database) runs with it.
void init_privileges();
// Takes the setgid group back as the effective group (a no-op when not running setgid).
Result<void> hold_setgid_group();
// The effective group differed from the real one at startup (and has not been given up).
bool running_setgid();
gid_t setgid_group();
// Gives the setgid group up for good: real, effective and saved group ids become the
// user's own, so nothing run later can take it back.
Result<void> drop_setgid_group();
// Whether the real user belongs to `gid` (primary or supplementary group); the setgid group
// held only through the binary does not count.
bool user_in_group(gid_t gid);

// Whether the files a case creates are shared with the case's group. A shared case is a
// setgid folder with full group rights: its files are 0660 and its folders 2770, never
// world-accessible. Set by Case::open for the case it opens.
void set_case_shared(bool shared);
bool case_shared();
// `mode` with the owner's read and write bits given to the group when the case is shared.
unsigned share_mode(unsigned mode);

// Before the setgid group is used on `dir`: the case's real path, or "" when the group must
// not be used (root, the case's owner and the group's real members need no more than their
// own rights; the folder is missing or does not belong to the setgid group). Fails when the folder is open to others
// or lies inside a folder the user could rename it out of (a swap after this check).
Result<std::string> shared_case_path(const std::string& dir);

// While alive, the process acts with the user's own group and writes owner-only files
// (umask 077, no group sharing): for paths outside the case that the user named.
class UserRights {
public:
    UserRights();
    ~UserRights();
    UserRights(const UserRights&) = delete;
    UserRights& operator=(const UserRights&) = delete;

private:
    bool m_shared;
    mode_t m_umask;
    bool m_lowered = false;
};

} // namespace ms
