// Unit tests of index/shards: the case id of a merged docid, checked against real Xapian
// shards opened together, and the parsing of HOST:PORT and --shard-by.
#include "mailscope/index/shards.hpp"

#include "temp_dir.hpp"

#include <doctest/doctest.h>

#include <set>
#include <xapian.h>

using namespace ms;

TEST_CASE("case_id_of: one database is the identity") {
    for (Xapian::docid d : {1u, 2u, 17u, 1000000u}) CHECK(case_id_of(d, 1) == d);
}

TEST_CASE("case_id_of: shards opened together give back the case ids they were stored under") {
    TempDir t;
    // Case ids 1..30 spread over three shards unevenly, each stored under its own id.
    const int n = 3;
    std::vector<std::vector<int>> held(n);
    for (int id = 1; id <= 30; ++id) held[id % 7 == 0 ? 2 : (id % 2)].push_back(id);
    Xapian::Database all;
    for (int s = 0; s < n; ++s) {
        std::string dir = t.path + "/" + std::to_string(s);
        {
            Xapian::WritableDatabase w(dir, Xapian::DB_CREATE);
            for (int id : held[static_cast<std::size_t>(s)]) {
                Xapian::Document d;
                d.add_term("Q" + std::to_string(id));
                d.add_term("all");
                w.replace_document(static_cast<Xapian::docid>(id), d);
            }
            w.commit();
        }
        all.add_database(Xapian::Database(dir));
    }
    REQUIRE(all.size() == 3);
    Xapian::Enquire e(all);
    e.set_query(Xapian::Query("all"));
    e.set_weighting_scheme(Xapian::BoolWeight());
    e.set_docid_order(Xapian::Enquire::ASCENDING);
    Xapian::MSet m = e.get_mset(0, 100);
    REQUIRE(m.size() == 30);
    std::vector<std::int64_t> ids;
    for (auto it = m.begin(); it != m.end(); ++it) {
        std::int64_t id = case_id_of(*it, all.size());
        // The document found is the one stored under that id.
        bool has_q = false;
        for (auto tl = it.get_document().termlist_begin(); tl != it.get_document().termlist_end(); ++tl)
            if (*tl == "Q" + std::to_string(id)) has_q = true;
        CHECK_MESSAGE(has_q, id);
        ids.push_back(id);
    }
    // Merged docid order is case id order.
    std::vector<std::int64_t> want;
    for (int id = 1; id <= 30; ++id) want.push_back(id);
    CHECK(ids == want);
}

TEST_CASE("parse_host_port: a host and a port from 1 to 65535") {
    auto a = parse_host_port("127.0.0.1:8100");
    REQUIRE(a);
    CHECK(a->first == "127.0.0.1");
    CHECK(a->second == 8100);
    auto b = parse_host_port("idx2.example:1");
    REQUIRE(b);
    CHECK(b->first == "idx2.example");
    for (const char* bad : {"nowhere", ":8100", "h:", "h:0", "h:65536", "h:80a", "h:123456"}) {
        auto r = parse_host_port(bad);
        REQUIRE_FALSE_MESSAGE(r, bad);
        CHECK(r.error().code == Errc::usage);
        CHECK(r.error().message.find(bad) != std::string::npos);
        CHECK_FALSE(r.error().hint.empty());
    }
}

TEST_CASE("parse_shard_by: custodian and date only") {
    CHECK(parse_shard_by("custodian") == ShardBy::custodian);
    CHECK(parse_shard_by("date") == ShardBy::date);
    CHECK_FALSE(parse_shard_by("Date"));
    CHECK_FALSE(parse_shard_by(""));
    CHECK(std::string(shard_by_name(ShardBy::date)) == "date");
}
