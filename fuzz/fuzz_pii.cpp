// The PII detectors and the three masking operators. Detections must lie inside the text,
// in order and without overlap, as detect_pii promises.
#include "mailscope/privacy/detect.hpp"
#include "mailscope/privacy/mask.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto found = ms::detect_pii(text);
    std::size_t last_end = 0;
    for (const auto& m : found) {
        if (m.start > m.end || m.end > size || m.start < last_end) std::abort();
        last_end = m.end;
        auto original = text.substr(m.start, m.end - m.start);
        for (auto op : {ms::MaskOperator::partial, ms::MaskOperator::full,
                        ms::MaskOperator::pseudonym})
            (void)ms::mask_value(m, original, op, "fuzz-key");
    }
    ms::MaskPolicy policy;
    policy.key = "fuzz-key";
    policy[ms::PiiType::email] = ms::MaskOperator::pseudonym;
    policy[ms::PiiType::id_card] = ms::MaskOperator::full;
    auto masker = ms::Masker::create(policy);
    if (!masker) std::abort();
    std::vector<ms::PiiMatch> masked;
    (void)masker->mask(text, &masked);
    return 0;
}
