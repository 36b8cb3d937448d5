// Unit tests of source/tree_names: the directory walker's ordering and naming rules.
#include "mailscope/source/tree_names.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace ms;

TEST_CASE("natural_less: numbers compare by value, the rest byte by byte") {
    std::vector<std::string> v{"10.", "2.", "1.", "a10", "a9", "b"};
    std::sort(v.begin(), v.end(), natural_less);
    CHECK(v == std::vector<std::string>{"1.", "2.", "10.", "a9", "a10", "b"});
    CHECK_FALSE(natural_less("x", "x"));
    // Leading zeros do not count: "007" and "7" are equivalent.
    CHECK_FALSE(natural_less("007", "7"));
    CHECK_FALSE(natural_less("7", "007"));
}

TEST_CASE("is_mail_store_metadata: index files and folder markers, not messages") {
    CHECK(is_mail_store_metadata("dovecot.index.log"));
    CHECK(is_mail_store_metadata("maildirfolder"));
    CHECK(is_mail_store_metadata(".DS_Store"));
    CHECK_FALSE(is_mail_store_metadata("1736600000.M1P2.host:2,S"));
    CHECK_FALSE(is_mail_store_metadata("12."));
}

TEST_CASE("maildirpp_folder: dots are folder separators") {
    CHECK(maildirpp_folder(".Customers.Mingda") == "Customers/Mingda");
    CHECK(maildirpp_folder(".Projects") == "Projects");
    CHECK(maildirpp_folder("") == "");
}
