// Unit tests of analytics/threads: subject normalisation and the pure threading function.
#include "mailscope/analytics/threads.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace ms;

namespace {

constexpr std::int64_t k_day = 86400;
constexpr std::int64_t k_t0 = 989858340; // 2001-05-14 16:39:00 UTC

ThreadInput msg(std::int64_t id, std::string mid, std::vector<std::string> parents = {},
                std::string subject = {}, std::int64_t date = 0, std::string from = {},
                std::vector<std::string> to = {}) {
    ThreadInput t;
    t.id = id;
    t.message_id = std::move(mid);
    t.parents = std::move(parents);
    t.subject = std::move(subject);
    t.date = date;
    t.from = std::move(from);
    t.recipients = std::move(to);
    return t;
}

std::string base(const std::string& s, bool expect_reply) {
    bool reply = !expect_reply;
    std::string b = base_subject(s, &reply);
    CHECK_MESSAGE(reply == expect_reply, s);
    return b;
}

} // namespace

TEST_CASE("base_subject strips reply prefixes and lower-cases") {
    CHECK(base("Re: Hello World", true) == "hello world");
    CHECK(base("RE: Hello", true) == "hello");
    CHECK(base("re:Hello", true) == "hello");
    CHECK(base("Re : Hello", true) == "hello");
    CHECK(base("Hello", false) == "hello");
    CHECK(base("", false) == "");
}

TEST_CASE("base_subject: counted replies Re[2]: and Re(3):") {
    CHECK(base("RE[2]: Budget", true) == "budget");
    CHECK(base("Re(3): Budget", true) == "budget");
}

TEST_CASE("base_subject: Chinese prefixes with full-width and ASCII colons") {
    CHECK(base("回复：会议安排", true) == "会议安排"); // U+FF1A FULLWIDTH COLON
    CHECK(base("答复: 会议安排", true) == "会议安排");
    CHECK(base("转发：报价单", true) == "报价单");
}

TEST_CASE("base_subject: forwards and other languages count as prefixes") {
    CHECK(base("Fwd: Report", true) == "report");
    CHECK(base("FW: Report", true) == "report");
    CHECK(base("AW: Bericht", true) == "bericht");
    CHECK(base("SV: Rapport", true) == "rapport");
}

TEST_CASE("base_subject: list tags and nested prefixes") {
    CHECK(base("[list] Re: Topic", true) == "topic");
    CHECK(base("Re: [list] Re: Fw: Topic", true) == "topic");
    CHECK(base("Re: Re: RE:  Many   spaces ", true) == "many spaces");
    // A tag alone is not a reply.
    CHECK(base("[list] Topic", false) == "topic");
}

TEST_CASE("base_subject: words that merely start like a prefix are kept") {
    CHECK(base("Return of the report", false) == "return of the report");
    CHECK(base("Fwding rules", false) == "fwding rules");
    CHECK(base("Re", false) == "re");
}

TEST_CASE("base_subject without the out-parameter") {
    CHECK(base_subject("Re: X") == "x");
}

TEST_CASE("compute_threads: a References chain is one thread") {
    std::vector<ThreadInput> in = {msg(1, "a@x"), msg(2, "b@x", {"a@x"}),
                                   msg(3, "c@x", {"b@x", "a@x"}), msg(4, "d@x")};
    auto t = compute_threads(in);
    CHECK(t == std::vector<std::int64_t>{1, 1, 1, 4});
}

TEST_CASE("compute_threads: replies to a missing parent share a thread through a ghost") {
    std::vector<ThreadInput> in = {msg(5, "x@x", {"missing@x"}), msg(6, "y@x", {"missing@x"}),
                                   msg(7, "z@x", {"other-missing@x"})};
    auto t = compute_threads(in);
    CHECK(t == std::vector<std::int64_t>{5, 5, 7});
}

TEST_CASE("compute_threads: the thread id is the smallest id, also when the child came first") {
    std::vector<ThreadInput> in = {msg(1, "child@x", {"parent@x"}), msg(2, "parent@x"),
                                   msg(9, "grandchild@x", {"child@x"})};
    auto t = compute_threads(in);
    CHECK(t == std::vector<std::int64_t>{1, 1, 1});

    // Input order does not matter either.
    std::vector<ThreadInput> rev = {in[2], in[1], in[0]};
    CHECK(compute_threads(rev) == std::vector<std::int64_t>{1, 1, 1});
}

TEST_CASE("compute_threads: other copies' Message-IDs link too") {
    ThreadInput a = msg(1, "a@x");
    a.other_ids = {"a-copy@x"};
    std::vector<ThreadInput> in = {a, msg(2, "b@x", {"a-copy@x"})};
    CHECK(compute_threads(in) == std::vector<std::int64_t>{1, 1});
}

TEST_CASE("compute_threads: a message naming itself as parent stays alone") {
    std::vector<ThreadInput> in = {msg(1, "a@x", {"a@x"}), msg(2, "b@x")};
    CHECK(compute_threads(in) == std::vector<std::int64_t>{1, 2});
}

TEST_CASE("compute_threads: subject fallback needs a shared participant") {
    std::vector<ThreadInput> in = {
        msg(10, "m1@x", {}, "Budget", k_t0, "alice@x", {"bob@x"}),
        // bob answers alice without References: joined.
        msg(11, "m2@x", {}, "Re: Budget", k_t0 + k_day, "bob@x", {"alice@x"}),
        // Strangers with the same subject: not joined.
        msg(12, "m3@x", {}, "Re: Budget", k_t0 + 2 * k_day, "carol@x", {"dave@x"}),
    };
    CHECK(compute_threads(in) == std::vector<std::int64_t>{10, 10, 12});
}

TEST_CASE("compute_threads: subject fallback overlap by sender or by recipient") {
    SUBCASE("same sender writes Re: to a new person") {
        std::vector<ThreadInput> in = {
            msg(1, "a@x", {}, "Plan", k_t0, "alice@x", {"bob@x"}),
            msg(2, "b@x", {}, "Re: Plan", k_t0 + k_day, "alice@x", {"zed@x"})};
        CHECK(compute_threads(in) == std::vector<std::int64_t>{1, 1});
    }
    SUBCASE("the replier was a recipient of the earlier message") {
        std::vector<ThreadInput> in = {
            msg(1, "a@x", {}, "Plan", k_t0, "alice@x", {"bob@x", "carol@x"}),
            msg(2, "b@x", {}, "Re: Plan", k_t0 + k_day, "carol@x", {"zed@x"})};
        CHECK(compute_threads(in) == std::vector<std::int64_t>{1, 1});
    }
}

TEST_CASE("compute_threads: subject fallback only for replies without parents") {
    SUBCASE("the same subject without Re: does not join") {
        std::vector<ThreadInput> in = {
            msg(1, "a@x", {}, "Plan", k_t0, "alice@x", {"bob@x"}),
            msg(2, "b@x", {}, "Plan", k_t0 + k_day, "bob@x", {"alice@x"})};
        CHECK(compute_threads(in) == std::vector<std::int64_t>{1, 2});
    }
    SUBCASE("a reply with References is threaded by them alone") {
        std::vector<ThreadInput> in = {
            msg(1, "a@x", {}, "Plan", k_t0, "alice@x", {"bob@x"}),
            msg(2, "b@x", {"unknown@x"}, "Re: Plan", k_t0 + k_day, "bob@x", {"alice@x"})};
        CHECK(compute_threads(in) == std::vector<std::int64_t>{1, 2});
    }
    SUBCASE("a reply never joins a later message") {
        std::vector<ThreadInput> in = {
            msg(1, "a@x", {}, "Re: Plan", k_t0, "bob@x", {"alice@x"}),
            msg(2, "b@x", {}, "Plan", k_t0 + k_day, "alice@x", {"bob@x"})};
        CHECK(compute_threads(in) == std::vector<std::int64_t>{1, 2});
    }
}

TEST_CASE("compute_threads: subject fallback joins the latest earlier candidate") {
    std::vector<ThreadInput> in = {
        msg(1, "a@x", {}, "Status", k_t0, "alice@x", {"bob@x"}),
        msg(2, "b@x", {}, "Status", k_t0 + 10 * k_day, "alice@x", {"bob@x"}),
        msg(3, "c@x", {}, "Re: Status", k_t0 + 11 * k_day, "bob@x", {"alice@x"})};
    CHECK(compute_threads(in) == std::vector<std::int64_t>{1, 2, 2});
}

TEST_CASE("compute_threads: subject fallback looks back at most 180 days") {
    auto pair_at = [](std::int64_t gap) {
        std::vector<ThreadInput> in = {
            msg(1, "a@x", {}, "Plan", k_t0, "alice@x", {"bob@x"}),
            msg(2, "b@x", {}, "Re: Plan", k_t0 + gap, "bob@x", {"alice@x"})};
        return compute_threads(in);
    };
    CHECK(pair_at(179 * k_day) == std::vector<std::int64_t>{1, 1});
    CHECK(pair_at(180 * k_day) == std::vector<std::int64_t>{1, 1});
    CHECK(pair_at(180 * k_day + 1) == std::vector<std::int64_t>{1, 2});
    CHECK(pair_at(181 * k_day) == std::vector<std::int64_t>{1, 2});
}

TEST_CASE("compute_threads: empty input") {
    CHECK(compute_threads({}).empty());
}
