// Unit tests of policy/scene: the direction of a message for every combination of company and
// outside parties, and the personal-mail rule (outside working hours, exactly one company
// party, every other party neither company nor customer). Instants are UTC worked out from
// Shanghai's fixed UTC+8.
#include "mailscope/policy/scene.hpp"
#include "mailscope/util/time.hpp"

#include <doctest/doctest.h>

using namespace ms;

namespace {

Directory directory() {
    Directory d;
    d.work_domains = {"co.example"};
    d.time_zone = "Asia/Shanghai"; // Mon-Fri 09:00-18:00
    Person emp;
    emp.email = "emp@co.example";
    d.people = {emp};
    Customer c;
    c.name = "Buyer";
    c.domains = {"buyer.example"};
    d.customers = {c};
    d.index();
    return d;
}

// Saturday 2025-03-15 22:00 in Shanghai, and Tuesday 2025-03-18 10:00 there.
const std::int64_t k_saturday_night = epoch_from_civil(2025, 3, 15, 14, 0, 0);
const std::int64_t k_tuesday_morning = epoch_from_civil(2025, 3, 18, 2, 0, 0);
// Tuesday 2025-03-18 20:30 in Shanghai: a working day, after hours.
const std::int64_t k_tuesday_evening = epoch_from_civil(2025, 3, 18, 12, 30, 0);

using V = std::vector<std::string>;

} // namespace

TEST_CASE("classify: the direction for every combination of parties") {
    Directory d = directory();
    auto dir = [&](const std::string& from, const V& to) {
        return classify(&d, from, to, std::nullopt).direction;
    };
    CHECK(dir("emp@co.example", {"b@co.example"}) == Direction::internal);
    CHECK(dir("emp@co.example", {"b@co.example", "c@sz.co.example"}) == Direction::internal);
    CHECK(dir("emp@co.example", {}) == Direction::internal);
    CHECK(dir("emp@co.example", {"b@co.example", "x@gmail.example"}) == Direction::outbound);
    CHECK(dir("emp@co.example", {"x@buyer.example"}) == Direction::outbound);
    CHECK(dir("x@gmail.example", {"emp@co.example"}) == Direction::inbound);
    CHECK(dir("x@gmail.example", {"y@gmail.example", "emp@co.example"}) == Direction::inbound);
    CHECK(dir("x@gmail.example", {"y@gmail.example"}) == Direction::external);
    CHECK(dir("x@gmail.example", {}) == Direction::external);
    CHECK(dir("", {"emp@co.example"}) == Direction::inbound);
    CHECK(dir("", {}) == Direction::external);
    CHECK(dir("EMP@CO.EXAMPLE", {"x@gmail.example"}) == Direction::outbound);
    CHECK(dir("x@co.example.evil", {"y@gmail.example"}) == Direction::external);
}

TEST_CASE("classify: the sender's directory entry") {
    Directory d = directory();
    CHECK(classify(&d, "emp@co.example", {}, std::nullopt).sender == &d.people[0]);
    CHECK(classify(&d, "other@co.example", {}, std::nullopt).sender == nullptr);
    CHECK(classify(&d, "", {}, std::nullopt).sender == nullptr);
}

TEST_CASE("classify: personal mail") {
    Directory d = directory();
    auto personal = [&](const std::string& from, const V& to, std::optional<std::int64_t> t) {
        return classify(&d, from, to, t).personal;
    };
    // After hours, one company party, the other a private address: personal, either way.
    CHECK(personal("emp@co.example", {"friend@gmail.example"}, k_saturday_night));
    CHECK(personal("friend@gmail.example", {"emp@co.example"}, k_saturday_night));
    CHECK(personal("emp@co.example", {"friend@gmail.example", "mum@qq.example"},
                   k_tuesday_evening));
    // Working hours.
    CHECK_FALSE(personal("emp@co.example", {"friend@gmail.example"}, k_tuesday_morning));
    // A customer party (or a customer's subdomain).
    CHECK_FALSE(personal("emp@co.example", {"buyer@buyer.example"}, k_saturday_night));
    CHECK_FALSE(personal("emp@co.example", {"friend@gmail.example", "x@sz.buyer.example"},
                         k_saturday_night));
    // Two company parties.
    CHECK_FALSE(personal("emp@co.example", {"friend@gmail.example", "boss@co.example"},
                         k_saturday_night));
    // Nobody outside the company.
    CHECK_FALSE(personal("emp@co.example", {}, k_saturday_night));
    CHECK_FALSE(personal("emp@co.example", {"emp@co.example"}, k_saturday_night));
    // No company party at all.
    CHECK_FALSE(personal("a@gmail.example", {"b@gmail.example"}, k_saturday_night));
    // No date.
    CHECK_FALSE(personal("emp@co.example", {"friend@gmail.example"}, std::nullopt));
    // No directory.
    Scene s = classify(nullptr, "emp@co.example", {"friend@gmail.example"}, k_saturday_night);
    CHECK_FALSE(s.personal);
    CHECK(s.direction == Direction::external);
    CHECK(s.sender == nullptr);
    CHECK_FALSE(s.known); // without a directory the direction is only a default
    CHECK(classify(&d, "", {}, std::nullopt).known);
}
