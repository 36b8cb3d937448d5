// The byte stream between the PST reader child process and the importer.
//
// libpst segfaults on some damaged files and keeps global state (LIBNOTES §3), so each PST is
// read in a forked child that writes frames to a pipe. The child announces each item before
// libpst parses it: when the child crashes or hangs, the item it was on is recorded as failed
// and a new child reads on without it, so a crash costs one item, never the file or the
// import. Frame: 1 byte kind, 4 bytes little-endian payload length, payload.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace ms::pst_wire {

enum Kind : char {
    k_message = 'M',  // u32 flags, str folder, str locator, str bytes
    k_problem = 'P',  // str locator, str reason, u8 skipped
    k_end = 'E',      // u32 messages, u32 non-mail items
    k_begin = 'B',    // str locator: the item libpst is about to parse
};

inline void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
inline void put_str(std::string& out, std::string_view s) {
    put_u32(out, static_cast<std::uint32_t>(s.size()));
    out.append(s);
}

// Reads sequential fields out of a payload; `ok` turns false on a short payload.
struct Reader {
    std::string_view data;
    bool ok = true;
    std::uint32_t u32() {
        if (data.size() < 4) { ok = false; return 0; }
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i)
            v |= static_cast<std::uint32_t>(static_cast<unsigned char>(data[i])) << (8 * i);
        data.remove_prefix(4);
        return v;
    }
    std::string str() {
        std::uint32_t n = u32();
        if (!ok || data.size() < n) { ok = false; return {}; }
        std::string s(data.substr(0, n));
        data.remove_prefix(n);
        return s;
    }
};

// Child side: reads the PST at `path` and writes frames to `fd`. Returns the exit status.
// `skip`: descriptor ids of items an earlier child died on; they are not parsed again.
int run_reader(const std::string& path, const std::string& charset, int fd,
               const std::set<std::uint64_t>& skip = {});

} // namespace ms::pst_wire
