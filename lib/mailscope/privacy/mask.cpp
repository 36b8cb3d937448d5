#include "mailscope/privacy/mask.hpp"

#include "mailscope/util/hash.hpp"
#include "mailscope/util/strings.hpp"

namespace ms {

const char* mask_operator_name(MaskOperator op) {
    switch (op) {
    case MaskOperator::partial: return "partial";
    case MaskOperator::full: return "full";
    case MaskOperator::pseudonym: return "pseudonym";
    }
    return "?";
}

bool parse_mask_operator(std::string_view s, MaskOperator& out) {
    for (MaskOperator op : {MaskOperator::partial, MaskOperator::full, MaskOperator::pseudonym})
        if (s == mask_operator_name(op)) {
            out = op;
            return true;
        }
    return false;
}

namespace {

bool is_symbol(char32_t c) {
    return (c < 0x80 && std::isalnum(static_cast<int>(c))) || (c >= 0xFF10 && c <= 0xFF19) ||
           (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
}

// Replaces the letters and digits of `s` outside the first `keep_first` and the last
// `keep_last` with '*', leaving separators as they were written ("138-****-5678").
std::string keep_ends(std::string_view s, std::size_t keep_first, std::size_t keep_last) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();)
        if (is_symbol(next_code_point(s, i))) ++n;
    std::string out;
    out.reserve(s.size());
    std::size_t k = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t from = i;
        char32_t c = next_code_point(s, i);
        if (is_symbol(c)) {
            bool keep = k < keep_first || k + keep_last >= n;
            ++k;
            if (!keep) {
                out.push_back('*');
                continue;
            }
        }
        out.append(s.substr(from, i - from));
    }
    return out;
}

std::string partial(const PiiMatch& m, std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();)
        if (is_symbol(next_code_point(s, i))) ++n;
    switch (m.type) {
    case PiiType::mobile:
        // The country code stays; of the eleven digits, the network prefix and the last four.
        return keep_ends(s, n >= 11 ? n - 11 + 3 : 3, 4);
    case PiiType::landline: {
        // The area code stays (with a country code written before it: "+86 10 **** 5678").
        std::size_t area = m.value.size() > 1 && (m.value[1] == '1' || m.value[1] == '2') ? 3 : 4;
        std::size_t country = n > m.value.size() ? n - m.value.size() : 0;
        return keep_ends(s, area + country, 4);
    }
    case PiiType::id_card: return keep_ends(s, 6, m.value.size() == 15 ? 3 : 4);
    case PiiType::bank_card: return keep_ends(s, 6, 4);
    case PiiType::credit_code: return keep_ends(s, 6, 4);
    case PiiType::passport: return keep_ends(s, 2, 2);
    case PiiType::email: {
        std::size_t at = m.value.find('@');
        return m.value.substr(0, 1) + "***" + m.value.substr(at);
    }
    case PiiType::ipv4: {
        auto parts = split(m.value, '.');
        return parts.size() == 4 ? parts[0] + "." + parts[1] + ".*.*" : "*.*.*.*";
    }
    }
    return "*";
}

} // namespace

std::string mask_value(const PiiMatch& m, std::string_view original, MaskOperator op,
                       std::string_view key) {
    switch (op) {
    case MaskOperator::partial: return partial(m, original);
    case MaskOperator::full: return std::string("[") + pii_label(m.type) + "]";
    case MaskOperator::pseudonym: {
        // Keyed by the canonical value, so "138 1234 5678" and "13812345678" are one person.
        Sha256 h = hmac_sha256(key, std::string(pii_name(m.type)) + ":" + m.value);
        return std::string("[") + pii_label(m.type) + "#" +
               to_hex(std::string_view(reinterpret_cast<const char*>(h.data()), 6)) + "]";
    }
    }
    return "*";
}

Result<Masker> Masker::create(MaskPolicy policy) {
    for (PiiType t : k_pii_types)
        if (policy.masks(t) && policy[t] == MaskOperator::pseudonym && policy.key.empty())
            return fail(Errc::usage, "pseudonyms need a key",
                        "run inside a case (--case), whose key is used, or give --key-file");
    return Masker(std::move(policy));
}

std::string Masker::mask(std::string_view text, std::vector<PiiMatch>* found) const {
    auto matches = detect_pii(text);
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    for (const auto& m : matches) {
        if (!m_policy.masks(m.type)) continue;
        out.append(text.substr(at, m.start - at));
        out += mask_value(m, text.substr(m.start, m.end - m.start), m_policy[m.type],
                          m_policy.key);
        at = m.end;
        if (found) found->push_back(m);
    }
    out.append(text.substr(at));
    return out;
}

} // namespace ms
