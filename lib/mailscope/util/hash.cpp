// SHA-256 through OpenSSL's EVP interface, the one the FIPS provider also serves.
#include "mailscope/util/hash.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdexcept>

namespace ms {

struct Sha256Hasher::Impl {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Impl() { EVP_MD_CTX_free(ctx); }
};

Sha256Hasher::Sha256Hasher() : m_impl(std::make_unique<Impl>()) {
    // Failing here means OpenSSL itself is broken (no memory, no provider): not recoverable.
    if (!m_impl->ctx || EVP_DigestInit_ex(m_impl->ctx, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL SHA-256 is not available");
}

Sha256Hasher::~Sha256Hasher() = default;

void Sha256Hasher::update(const void* data, std::size_t len) {
    if (len) EVP_DigestUpdate(m_impl->ctx, data, len);
}

Sha256 Sha256Hasher::finish() {
    Sha256 out{};
    unsigned int n = 0;
    EVP_DigestFinal_ex(m_impl->ctx, out.data(), &n);
    EVP_DigestInit_ex(m_impl->ctx, EVP_sha256(), nullptr);
    return out;
}

Sha256 sha256(std::string_view data) {
    Sha256 out{};
    unsigned int n = 0;
    EVP_Digest(data.data(), data.size(), out.data(), &n, EVP_sha256(), nullptr);
    return out;
}

std::string to_hex(std::string_view bytes) {
    static const char k_digits[] = "0123456789abcdef";
    std::string s;
    s.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        s.push_back(k_digits[c >> 4]);
        s.push_back(k_digits[c & 15]);
    }
    return s;
}

std::string to_hex(const Sha256& d) {
    return to_hex(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

bool from_hex(std::string_view hex, Sha256& out) {
    if (hex.size() != 64) return false;
    auto nib = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < 32; ++i) {
        int hi = nib(hex[2 * i]), lo = nib(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return true;
}

Sha256 hmac_sha256(std::string_view key, std::string_view data) {
    Sha256 out{};
    unsigned int n = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &n))
        throw std::runtime_error("OpenSSL HMAC-SHA256 is not available");
    return out;
}

std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    // No entropy means no keys: not recoverable, like a missing digest.
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
        throw std::runtime_error("OpenSSL RAND_bytes failed: no random source");
    return out;
}

} // namespace ms
