// Detectors of personal data in text (mailscope-masking(7)): Chinese mobile and landline
// numbers, resident ID numbers (18-digit with date and ISO 7064 check; legacy 15-digit),
// bank cards (Luhn), unified social credit codes (GB 32100 check character), passport
// numbers, email addresses and IPv4 addresses. A number that fails its checksum is not that
// type; context words nearby ("身份证", "手机", "卡号", "passport", ...) raise confidence, and
// the types that have no checksum to go by need them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ms {

enum class PiiType { mobile, landline, id_card, bank_card, credit_code, passport, email, ipv4 };
inline constexpr PiiType k_pii_types[] = {PiiType::mobile,   PiiType::landline,
                                          PiiType::id_card,  PiiType::bank_card,
                                          PiiType::credit_code, PiiType::passport,
                                          PiiType::email,    PiiType::ipv4};
const char* pii_name(PiiType t);             // "mobile", "id-card" ...
const char* pii_label(PiiType t);            // "手机号", "身份证号" ... (full masking)
bool parse_pii(std::string_view s, PiiType& out);

struct PiiMatch {
    PiiType type;
    std::size_t start, end;  // byte offsets in the input (UTF-8)
    std::string value;       // canonical form: digits (and X) only, lower-case email...
    double confidence;       // 0..1; masked from k_mask_threshold up
    bool context = false;    // a context word was near
};

inline constexpr double k_mask_threshold = 0.5;

// Every detection at or above the threshold, in text order, not overlapping (the more
// specific type wins where two overlap: an ID number is not also a phone number).
std::vector<PiiMatch> detect_pii(std::string_view text);

// The checks, exposed for tests.
bool luhn_valid(std::string_view digits);
bool id18_valid(std::string_view id);             // date and ISO 7064 MOD 11-2 check
bool id15_valid(std::string_view id);             // date only (19YY)
bool credit_code_valid(std::string_view code);    // GB 32100-2015 check character

} // namespace ms
