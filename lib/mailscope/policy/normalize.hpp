// Text normalisation before matching, applied alike to the mail and to the policy's terms:
// NFKC with case folding (full-width "１５％" is "15%", "Lowest" is "lowest"), optionally
// Traditional to Simplified Chinese ("最低價" is "最低价"), spaces, line breaks and
// punctuation between two Chinese characters dropped ("最 低 价" is "最低价"), and any other
// run of ASCII white space made one space ("lowest\n  price" is "lowest price").
//
// It works character by character through tables built once from ICU, so that the mail side
// runs at hundreds of MB/s; every output byte remembers which input byte it came from, so
// hits are reported (and shown) in the original text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ms {

struct NormalizedText {
    std::string text;
    // origin[i]: offset in the input of the character output byte i came from;
    // origin[text.size()] is the input's size.
    std::vector<std::uint32_t> origin;
};

class Normalizer {
public:
    explicit Normalizer(bool traditional);
    // Input must be valid UTF-8 (the parser guarantees it); invalid bytes pass unchanged.
    void normalize(std::string_view in, NormalizedText& out) const;
    std::string normalize(std::string_view in) const;
    bool traditional() const { return m_traditional; }

private:
    bool m_traditional;
};

// The version of these rules: part of a scan's version, so a change rescans.
inline constexpr const char* k_normalizer_version = "nfkc_cf+han-sep+ws/2";

// True for Han ideographs (the characters whose runs ignore separators).
bool is_han(char32_t c);

} // namespace ms
