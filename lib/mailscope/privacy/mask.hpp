// Masking operators (mailscope-masking(7)): partial (138****5678, 110101********123X), full
// ([手机号]) and a keyed pseudonym ([手机号#3f9c2a81d07e]) that is stable inside a case, so an
// investigator can follow one number across messages without seeing it.
#pragma once

#include "mailscope/privacy/detect.hpp"
#include "mailscope/util/error.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace ms {

enum class MaskOperator { partial, full, pseudonym };
const char* mask_operator_name(MaskOperator op);
bool parse_mask_operator(std::string_view s, MaskOperator& out);

struct MaskPolicy {
    std::array<MaskOperator, 8> op;   // per PiiType
    std::array<bool, 8> enabled;      // types to mask at all
    std::string key;                  // pseudonym key (raw bytes); required for pseudonym

    MaskPolicy() {
        op.fill(MaskOperator::partial);
        enabled.fill(true);
    }
    MaskOperator& operator[](PiiType t) { return op[static_cast<std::size_t>(t)]; }
    MaskOperator operator[](PiiType t) const { return op[static_cast<std::size_t>(t)]; }
    bool masks(PiiType t) const { return enabled[static_cast<std::size_t>(t)]; }
};

// The replacement for one detection; `original` is the matched text as it stood.
std::string mask_value(const PiiMatch& m, std::string_view original, MaskOperator op,
                       std::string_view key);

class Masker {
public:
    // Fails when a pseudonym is asked for without a key.
    static Result<Masker> create(MaskPolicy policy);
    // The text with every enabled detection replaced; `found` (optional) receives them.
    std::string mask(std::string_view text, std::vector<PiiMatch>* found = nullptr) const;
    const MaskPolicy& policy() const { return m_policy; }

private:
    explicit Masker(MaskPolicy p) : m_policy(std::move(p)) {}
    MaskPolicy m_policy;
};

} // namespace ms
