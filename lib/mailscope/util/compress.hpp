// zstd compression of the raw message bytes kept in the case.
#pragma once

#include "mailscope/util/error.hpp"

#include <string>
#include <string_view>

namespace ms {

// Level 3 is zstd's default: ~3-4x on mail at several hundred MB/s, far from the bottleneck.
constexpr int k_zstd_level = 3;

std::string zstd_compress(std::string_view data, int level = k_zstd_level);
// Fails on corrupt or truncated frames (a damaged case file), naming what was expected.
Result<std::string> zstd_decompress(std::string_view frame);

} // namespace ms
