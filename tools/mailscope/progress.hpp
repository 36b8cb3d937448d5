// Progress on stderr, only on a terminal, at most ten updates a second.
#pragma once

#include <chrono>
#include <string>

namespace ms::cli {

class Progress {
public:
    explicit Progress(bool enabled) : m_enabled(enabled) {}
    ~Progress() { clear(); }
    // Shows `line` unless the last update was under 100 ms ago (or `force`).
    void update(const std::string& line, bool force = false);
    void clear();

private:
    bool m_enabled;
    bool m_shown = false;
    std::chrono::steady_clock::time_point m_last{};
};

std::string human_bytes(std::uint64_t n);
// "3 d 4 h", "5 h 12 min", "40 min", "35 s": a duration for people.
std::string human_duration(double seconds);

} // namespace ms::cli
