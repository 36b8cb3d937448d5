// Unit tests of util/hash: SHA-256 against the FIPS 180-2 vectors, hex conversion both ways.
#include "mailscope/util/hash.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace ms;

namespace {
const char* const k_sha_empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const char* const k_sha_abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
// FIPS 180-2 appendix B.2 (two blocks).
const char* const k_sha_two_blocks =
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
const char* const k_two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
} // namespace

TEST_CASE("sha256 matches the FIPS 180-2 test vectors") {
    CHECK(to_hex(sha256("")) == k_sha_empty);
    CHECK(to_hex(sha256("abc")) == k_sha_abc);
    CHECK(to_hex(sha256(k_two_blocks)) == k_sha_two_blocks);
}

TEST_CASE("Sha256Hasher fed in pieces equals the one-shot digest and resets after finish") {
    Sha256Hasher h;
    h.update("a");
    h.update("");
    h.update("bc");
    CHECK(to_hex(h.finish()) == k_sha_abc);
    // finish() resets: the next digest starts from nothing.
    CHECK(to_hex(h.finish()) == k_sha_empty);
    std::string s(k_two_blocks);
    for (char c : s) h.update(&c, 1);
    CHECK(to_hex(h.finish()) == k_sha_two_blocks);
}

TEST_CASE("to_hex of bytes is lower-case, two digits per byte") {
    CHECK(to_hex(std::string_view("")) == "");
    CHECK(to_hex(std::string_view("\x00\x0f\xa0\xff", 4)) == "000fa0ff");
}

TEST_CASE("from_hex round-trips a digest and accepts upper-case digits") {
    Sha256 d = sha256("abc");
    Sha256 back{};
    REQUIRE(from_hex(to_hex(d), back));
    CHECK(back == d);

    std::string upper = k_sha_abc;
    for (char& c : upper)
        if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    Sha256 from_upper{};
    REQUIRE(from_hex(upper, from_upper));
    CHECK(from_upper == d);
}

TEST_CASE("from_hex rejects wrong lengths and non-hex digits") {
    Sha256 out{};
    std::string good = k_sha_abc;
    CHECK_FALSE(from_hex("", out));
    CHECK_FALSE(from_hex(good.substr(0, 63), out));
    CHECK_FALSE(from_hex(good + "0", out));
    std::string bad = good;
    bad[10] = 'g';
    CHECK_FALSE(from_hex(bad, out));
    bad = good;
    bad[63] = ' ';
    CHECK_FALSE(from_hex(bad, out));
    CHECK_FALSE(from_hex(std::string(64, 'x'), out));
}
