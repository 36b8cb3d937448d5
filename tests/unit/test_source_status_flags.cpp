// Unit tests of source/status_flags: flags from mbox status headers and maildir file names.
#include "mailscope/source/source.hpp"
#include "mailscope/source/status_flags.hpp"

#include <doctest/doctest.h>

using namespace ms;

TEST_CASE("flags_from_mbox_headers: no status headers means flags are unknown") {
    CHECK(flags_from_mbox_headers("From: a@b\nSubject: x\n\nbody\n") == 0);
    CHECK(flags_from_mbox_headers("") == 0);
}

TEST_CASE("flags_from_mbox_headers: Status") {
    CHECK(flags_from_mbox_headers("Status: RO\n\n") == (k_flag_known | k_flag_seen));
    // "O" (old) alone: known, not read.
    CHECK(flags_from_mbox_headers("Status: O\n\n") == k_flag_known);
}

TEST_CASE("flags_from_mbox_headers: X-Status") {
    CHECK(flags_from_mbox_headers("X-Status: AF\n\n") ==
          (k_flag_known | k_flag_replied | k_flag_starred));
    CHECK(flags_from_mbox_headers("X-Status: TD\n\n") ==
          (k_flag_known | k_flag_draft | k_flag_trashed));
    CHECK(flags_from_mbox_headers("Status: R\nX-Status: A\n\n") ==
          (k_flag_known | k_flag_seen | k_flag_replied));
}

TEST_CASE("flags_from_mbox_headers: X-Mozilla-Status is a hex bit field") {
    CHECK(flags_from_mbox_headers("X-Mozilla-Status: 0001\n\n") == (k_flag_known | k_flag_seen));
    // 0x1003 = read | replied | forwarded.
    CHECK(flags_from_mbox_headers("X-Mozilla-Status: 1003\n\n") ==
          (k_flag_known | k_flag_seen | k_flag_replied | k_flag_forwarded));
    // 0x000C = marked (starred) | expunged (trashed).
    CHECK(flags_from_mbox_headers("X-Mozilla-Status: 000c\n\n") ==
          (k_flag_known | k_flag_starred | k_flag_trashed));
    CHECK(flags_from_mbox_headers("X-Mozilla-Status: 0000\n\n") == k_flag_known);
}

TEST_CASE("flags_from_mbox_headers: only the header block counts, with LF or CRLF") {
    CHECK(flags_from_mbox_headers("Subject: x\n\nStatus: RO\n") == 0);
    CHECK(flags_from_mbox_headers("Subject: x\r\nStatus: RO\r\n\r\nX-Status: F\r\n") ==
          (k_flag_known | k_flag_seen));
    CHECK(flags_from_mbox_headers("From a Mon May 14 16:39:00 2001\nStatus: R\n\n") ==
          (k_flag_known | k_flag_seen));
}

TEST_CASE("flags_from_maildir_name: the info part after :2,") {
    CHECK(flags_from_maildir_name("1000.M1P2.host:2,FRS", false) ==
          (k_flag_known | k_flag_starred | k_flag_replied | k_flag_seen));
    CHECK(flags_from_maildir_name("1000.host:2,DT", false) ==
          (k_flag_known | k_flag_draft | k_flag_trashed));
    CHECK(flags_from_maildir_name("1000.host:2,P", false) == (k_flag_known | k_flag_forwarded));
    CHECK(flags_from_maildir_name("1000.host:2,", false) == k_flag_known);
    // Lower-case letters are keywords of some clients, not standard flags.
    CHECK(flags_from_maildir_name("1000.host:2,Sab", false) == (k_flag_known | k_flag_seen));
}

TEST_CASE("flags_from_maildir_name: files in new/ are unseen whatever the name says") {
    CHECK(flags_from_maildir_name("1000.host:2,S", true) == k_flag_known);
    CHECK(flags_from_maildir_name("1000.host", true) == k_flag_known);
}

TEST_CASE("flags_from_maildir_name: the !2, variant and names without info") {
    CHECK(flags_from_maildir_name("1000.host!2,RS", false) ==
          (k_flag_known | k_flag_replied | k_flag_seen));
    CHECK(flags_from_maildir_name("1000.host", false) == k_flag_known);
    // Only ":2," starts the info part; ":1," (experimental semantics) carries no flags.
    CHECK(flags_from_maildir_name("1000.host:1,S", false) == k_flag_known);
}
