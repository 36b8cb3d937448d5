#include "mailscope/source/status_flags.hpp"

#include "mailscope/mime/headers.hpp"
#include "mailscope/source/source.hpp"

#include <cstdlib>
#include <string>

namespace ms {

std::uint32_t flags_from_mbox_headers(std::string_view raw) {
    // Only the header block matters; scanning it is cheap next to the MIME parse.
    HeaderBlock hb = scan_headers(raw.substr(0, raw.find("\n\n")));
    std::uint32_t f = 0;
    bool known = false;
    if (const RawHeader* h = hb.find("Status")) {
        known = true;
        for (char c : h->value)
            if (c == 'R') f |= k_flag_seen;
    }
    if (const RawHeader* h = hb.find("X-Status")) {
        known = true;
        for (char c : h->value) {
            if (c == 'A') f |= k_flag_replied;
            if (c == 'F') f |= k_flag_starred;
            if (c == 'T') f |= k_flag_draft;
            if (c == 'D') f |= k_flag_trashed;
        }
    }
    if (const RawHeader* h = hb.find("X-Mozilla-Status")) {
        known = true;
        unsigned long v = std::strtoul(std::string(h->value).c_str(), nullptr, 16);
        if (v & 0x0001) f |= k_flag_seen;
        if (v & 0x0002) f |= k_flag_replied;
        if (v & 0x0004) f |= k_flag_starred;
        if (v & 0x0008) f |= k_flag_trashed;
        if (v & 0x1000) f |= k_flag_forwarded;
    }
    return known ? (f | k_flag_known) : 0;
}

std::uint32_t flags_from_maildir_name(std::string_view name, bool in_new) {
    std::uint32_t f = k_flag_known;
    if (in_new) return f;
    // The info part follows ":2," (or "!2," on file systems without ':').
    std::size_t p = name.rfind(":2,");
    if (p == std::string_view::npos) p = name.rfind("!2,");
    if (p == std::string_view::npos) return f;
    for (char c : name.substr(p + 3)) {
        switch (c) {
        case 'S': f |= k_flag_seen; break;
        case 'R': f |= k_flag_replied; break;
        case 'F': f |= k_flag_starred; break;
        case 'D': f |= k_flag_draft; break;
        case 'T': f |= k_flag_trashed; break;
        case 'P': f |= k_flag_forwarded; break;
        default: break;
        }
    }
    return f;
}

} // namespace ms
