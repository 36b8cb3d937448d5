// SHA-256 (OpenSSL) for evidence files, message bytes and attachments.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ms {

using Sha256 = std::array<std::uint8_t, 32>;

// Incremental SHA-256 for data that arrives in pieces (evidence files, canonical forms).
class Sha256Hasher {
public:
    Sha256Hasher();
    ~Sha256Hasher();
    Sha256Hasher(const Sha256Hasher&) = delete;
    Sha256Hasher& operator=(const Sha256Hasher&) = delete;

    void update(const void* data, std::size_t len);
    void update(std::string_view s) { update(s.data(), s.size()); }
    // Returns the digest; the hasher is reset and can be reused.
    Sha256 finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

Sha256 sha256(std::string_view data);
std::string to_hex(const Sha256& d);
std::string to_hex(std::string_view bytes);
// HMAC-SHA256: the audit chain and keyed pseudonyms.
Sha256 hmac_sha256(std::string_view key, std::string_view data);

// `n` bytes from the operating system's random source (OpenSSL RAND_bytes).
std::string random_bytes(std::size_t n);

// Parses 64 hex digits; returns false on anything else.
bool from_hex(std::string_view hex, Sha256& out);

} // namespace ms
