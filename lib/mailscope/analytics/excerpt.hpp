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

// The sender's job title as their signature gives it ("Head of Sourcing", "总经理助理"): among
// the last lines of the new text (above any quoted history), the last short line that holds a
// title word; "" when there is none. A heuristic: documented in mailscope-handover(1).
std::string signature_title(std::string_view body);

} // namespace ms
