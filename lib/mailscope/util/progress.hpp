// Progress of a long core operation, reported through a callback the CLI renders (the core
// never writes to the terminal itself).
#pragma once

#include <cstdint>
#include <functional>

namespace ms {

struct CountProgress {
    std::uint64_t done = 0, total = 0;  // items (messages) handled so far, and in all
};
using CountProgressFn = std::function<void(const CountProgress&)>;

} // namespace ms
