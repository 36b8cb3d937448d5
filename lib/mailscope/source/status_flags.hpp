// Flags recorded inside messages by mbox clients (Status, X-Status, X-Mozilla-Status) and in
// maildir file names (":2,FRS").
#pragma once

#include <cstdint>
#include <string_view>

namespace ms {

// Flags from the Status / X-Status / X-Mozilla-Status headers; 0 when there are none.
std::uint32_t flags_from_mbox_headers(std::string_view raw);

// Flags from a maildir file name; `in_new` files are unseen whatever the name says.
std::uint32_t flags_from_maildir_name(std::string_view name, bool in_new);

} // namespace ms
