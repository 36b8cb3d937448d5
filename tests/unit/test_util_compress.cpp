// Unit tests of util/compress: zstd round trips and clean failures on damaged frames.
#include "mailscope/util/compress.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace ms;

TEST_CASE("zstd round trip restores the exact bytes") {
    std::string mail = "From: a@example.com\r\nSubject: test\r\n\r\n";
    for (int i = 0; i < 500; ++i) mail += "line " + std::to_string(i) + " of a message body\r\n";
    mail += std::string("\x00\xff\x80 binary tail", 15);
    std::string frame = zstd_compress(mail);
    CHECK(frame.size() < mail.size()); // repetitive text compresses
    auto back = zstd_decompress(frame);
    REQUIRE(back);
    CHECK(*back == mail);
}

TEST_CASE("zstd round trip of an empty string") {
    std::string frame = zstd_compress("");
    CHECK_FALSE(frame.empty()); // a frame header is still written
    auto back = zstd_decompress(frame);
    REQUIRE(back);
    CHECK(back->empty());
}

TEST_CASE("zstd round trip at a non-default level") {
    std::string data(100000, 'x');
    auto back = zstd_decompress(zstd_compress(data, 19));
    REQUIRE(back);
    CHECK(*back == data);
}

TEST_CASE("zstd_decompress rejects data that is not a frame") {
    auto r = zstd_decompress("this is not zstd at all");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::database);
    CHECK_FALSE(r.error().message.empty());
    CHECK_FALSE(r.error().hint.empty());

    auto empty = zstd_decompress("");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == Errc::database);
}

TEST_CASE("zstd_decompress rejects a truncated frame") {
    std::string data;
    for (int i = 0; i < 2000; ++i) data += std::to_string(i * 7919) + ",";
    std::string frame = zstd_compress(data);
    REQUIRE(frame.size() > 20);
    auto r = zstd_decompress(frame.substr(0, frame.size() / 2));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::database);
}

TEST_CASE("zstd_decompress rejects a frame whose magic number is damaged") {
    std::string frame = zstd_compress("hello, world");
    frame[0] = static_cast<char>(frame[0] ^ 0x01);
    auto r = zstd_decompress(frame);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::database);
}

TEST_CASE("zstd_decompress rejects trailing garbage after the frame") {
    std::string frame = zstd_compress("hello, world") + "garbage!";
    auto r = zstd_decompress(frame);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::database);
}
