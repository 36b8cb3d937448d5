#include "progress.hpp"

#include <cstdio>

namespace ms::cli {

void Progress::update(const std::string& line, bool force) {
    if (!m_enabled) return;
    auto now = std::chrono::steady_clock::now();
    if (!force && m_shown && now - m_last < std::chrono::milliseconds(100)) return;
    m_last = now;
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    std::fflush(stderr);
    m_shown = true;
}

void Progress::clear() {
    if (!m_enabled || !m_shown) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    m_shown = false;
}

std::string human_bytes(std::uint64_t n) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double v = static_cast<double>(n);
    int u = 0;
    while (v >= 1000 && u < 4) {
        v /= 1000;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u ? "%.1f %s" : "%.0f %s", v, units[u]);
    return buf;
}

std::string human_duration(double seconds) {
    auto s = static_cast<long long>(seconds + 0.5);
    char buf[64];
    if (s >= 86400)
        std::snprintf(buf, sizeof buf, "%lld d %lld h", s / 86400, (s % 86400) / 3600);
    else if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lld h %lld min", s / 3600, (s % 3600) / 60);
    else if (s >= 60)
        std::snprintf(buf, sizeof buf, "%lld min", s / 60);
    else
        std::snprintf(buf, sizeof buf, "%lld s", s);
    return buf;
}

} // namespace ms::cli
