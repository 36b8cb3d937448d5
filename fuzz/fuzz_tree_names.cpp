// The directory walker's name handling: natural ordering of file names, mail-store metadata,
// Maildir++ folder names, maildir flags in names, and the sniffing that decides what is mail.
// Input: two names separated by the first NUL byte (or one name), then the same bytes sniffed.
#include "mailscope/source/source.hpp"
#include "mailscope/source/status_flags.hpp"
#include "mailscope/source/tree_names.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    auto nul = in.find('\0');
    std::string a(in.substr(0, nul));
    std::string b(nul == std::string_view::npos ? std::string_view() : in.substr(nul + 1));
    // std::sort needs a strict weak order: irreflexive and asymmetric at least.
    if (ms::natural_less(a, a) || ms::natural_less(b, b)) std::abort();
    if (ms::natural_less(a, b) && ms::natural_less(b, a)) std::abort();
    (void)ms::is_mail_store_metadata(a);
    if (!a.empty() && a[0] == '.') {
        auto f = ms::maildirpp_folder(a);
        if (f.size() + 1 != a.size()) std::abort();
    }
    (void)ms::flags_from_maildir_name(a, false);
    (void)ms::flags_from_maildir_name(a, true);
    (void)ms::sniff(in);
    return 0;
}
