// The first meaningful lines of a mail body for timelines and dossiers: quoted text, reply
// headers ("On ... wrote:", "-----Original Message-----", "发件人:"), signatures and blank
// lines and short greetings before the first line removed (mailscope-analytics(7)).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ms {

// Up to `max_lines` lines joined by " / ", cut to `max_bytes` (whole UTF-8 characters).
std::string excerpt(std::string_view body, std::size_t max_lines = 3, std::size_t max_bytes = 300);

} // namespace ms
