// Unit tests of the communication analytics (analytics/comm, replies, trends, excerpt) on
// hand-built inputs: every expected number is worked out in the comment beside it from the
// definitions in the headers (mailscope-analytics(7)), never taken from a run.
#include "mailscope/analytics/comm.hpp"
#include "mailscope/analytics/excerpt.hpp"
#include "mailscope/analytics/replies.hpp"
#include "mailscope/analytics/trends.hpp"
#include "mailscope/ingest/importer.hpp"
#include "mailscope/store/case.hpp"
#include "mailscope/store/flags.hpp"
#include "mailscope/util/time.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

#include <map>
#include <string>
#include <vector>

using namespace ms;

namespace {

constexpr std::int64_t k_hour = 3600, k_day = 86400;

Directory company() {
    Directory d;
    d.work_domains = {"co.example"};
    d.departments = {{"sales", "Sales", 0}, {"support", "Support", 0}, {"finance", "Finance", 0}};
    auto person = [](const char* email, const char* dept) {
        Person p;
        p.email = email;
        p.department = dept;
        return p;
    };
    d.people = {person("s1@co.example", "sales"), person("s2@co.example", "sales"),
                person("p1@co.example", "support"), person("f1@co.example", "finance")};
    Customer big;
    big.name = "Big Corp";
    big.domains = {"bigcorp.com"};
    d.customers = {big};
    d.index();
    return d;
}

struct Msg {
    std::int64_t id;
    std::int64_t date;
    std::string from;
    std::vector<std::string> to, cc;
    std::string mid;
    std::vector<std::string> parents;
    std::int64_t thread = 0;  // 0: the message's own id
};

// A model of classified messages, in the order given (which must be by date).
CommModel model(const Parties& parties, const std::vector<Msg>& in) {
    CommModel m;
    for (const auto& x : in) {
        CommMessage c;
        c.id = x.id;
        c.date = x.date;
        c.from = x.from;
        c.to = x.to;
        c.cc = x.cc;
        c.message_id = x.mid;
        c.parents = x.parents;
        c.thread = x.thread ? x.thread : x.id;
        classify(c, parties);
        m.messages.push_back(std::move(c));
    }
    if (!m.messages.empty()) {
        m.first = m.messages.front().date;
        m.last = m.messages.back().date;
    }
    return m;
}

const CustomerStats& stats_of(const CustomerReport& r, const std::string& name) {
    for (const auto& s : r.customers)
        if (s.customer == name) return s;
    FAIL("no customer " << name);
    return r.customers.front();
}

} // namespace

// --- summarize, month_of, month_range --------------------------------------------------------

TEST_CASE("analytics: summarize: median of odd and even counts, mean, empty input") {
    Summary none = summarize({});
    CHECK(none.count == 0);
    CHECK(none.median == 0);
    CHECK(none.mean == 0);

    Summary one = summarize({42});
    CHECK(one.count == 1);
    CHECK(one.median == 42);
    CHECK(one.mean == 42);

    // Unsorted; sorted 1, 3, 10: median the middle one, mean 14/3.
    Summary odd = summarize({10, 1, 3});
    CHECK(odd.count == 3);
    CHECK(odd.median == 3);
    CHECK(odd.mean == doctest::Approx(14.0 / 3.0));

    // Sorted 1, 2, 4, 100: median (2 + 4) / 2 = 3, mean 107 / 4 = 26.75.
    Summary even = summarize({100, 4, 1, 2});
    CHECK(even.count == 4);
    CHECK(even.median == 3);
    CHECK(even.mean == 26.75);

    // Middle values 1 and 2: the median is 1.5, not rounded.
    Summary half = summarize({2, 1});
    CHECK(half.median == 1.5);
}

TEST_CASE("analytics: month_of buckets an instant in the organisation's time zone") {
    std::int64_t t = epoch_from_civil(2025, 3, 31, 17, 30);  // 2025-04-01 01:30 in Shanghai
    CHECK(month_of(t, 0) == "2025-03");
    CHECK(month_of(t, 480) == "2025-04");
    CHECK(month_of(t, 389) == "2025-03");  // +06:29: 2025-03-31 23:59
    CHECK(month_of(t, 390) == "2025-04");  // +06:30: 2025-04-01 00:00
    std::int64_t ny = epoch_from_civil(2025, 1, 1, 3, 0);  // 2024-12-31 22:00 in New York
    CHECK(month_of(ny, -300) == "2024-12");
    CHECK(month_of(ny, 0) == "2025-01");
    CHECK(month_of(epoch_from_civil(2024, 2, 29, 23, 59, 59), 0) == "2024-02");
}

TEST_CASE("analytics: month_range lists every month, across years, without gaps") {
    CHECK(month_range("2024-11", "2025-02") ==
          std::vector<std::string>{"2024-11", "2024-12", "2025-01", "2025-02"});
    CHECK(month_range("2025-03", "2025-03") == std::vector<std::string>{"2025-03"});
    CHECK(month_range("2025-04", "2025-03").empty());
    CHECK(month_range("2025-4", "2025-05").empty());
    CHECK(month_range("", "2025-05").empty());
    CHECK(month_range("2023-12", "2025-01").size() == 14);
}

// --- Parties and classify ----------------------------------------------------------------------

TEST_CASE("analytics: Parties: work addresses from the directory and --work-domain, customers") {
    Directory d = company();
    Parties p(&d, {"Extra.ORG"});
    CHECK(p.has_work_domains());
    CHECK(p.is_work("s1@co.example"));
    CHECK(p.is_work("anyone@co.example"));
    CHECK(p.is_work("a@sub.co.example"));
    CHECK_FALSE(p.is_work("a@xco.example"));
    CHECK(p.is_work("a@extra.org"));       // the extra domain is lower-cased
    CHECK(p.is_work("a@mail.extra.org"));  // and covers its subdomains
    CHECK_FALSE(p.is_work("a@notextra.org"));
    CHECK_FALSE(p.is_work("a@extra.org.cn"));

    CHECK(p.customer("x@bigcorp.com") == "Big Corp");
    CHECK(p.customer("x@sz.bigcorp.com") == "Big Corp");  // subdomains of a customer's domain
    CHECK(p.customer("X@BigCorp.COM") == "Big Corp");
    CHECK(p.customer("ann@Globex.com") == "globex.com");    // not in the directory: the domain
    CHECK(p.customer("Tom.Buyer@GMAIL.com") == "tom.buyer@gmail.com");  // free mail: the address
    CHECK(p.customer("someone@qq.com") == "someone@qq.com");
    CHECK(p.customer("someone@163.com") == "someone@163.com");
    CHECK(p.customer("no-domain") == "no-domain");

    Parties none(nullptr, {});
    CHECK_FALSE(none.has_work_domains());
    CHECK_FALSE(none.is_work("a@co.example"));
    CHECK(none.customer("x@bigcorp.com") == "bigcorp.com");
    Directory empty;
    empty.index();
    CHECK_FALSE(Parties(&empty, {}).has_work_domains());
    CHECK(Parties(nullptr, {"enron.com"}).has_work_domains());
}

TEST_CASE("analytics: is_free_mail_domain: whole domains of public mail services only") {
    CHECK(is_free_mail_domain("gmail.com"));
    CHECK(is_free_mail_domain("qq.com"));
    CHECK(is_free_mail_domain("vip.163.com"));
    CHECK(is_free_mail_domain("hotmail.com"));
    CHECK_FALSE(is_free_mail_domain("mail.gmail.com"));
    CHECK_FALSE(is_free_mail_domain("enron.com"));
    CHECK_FALSE(is_free_mail_domain(""));
}

TEST_CASE("analytics: classify: direction, customers once each, the owner To before Cc") {
    Directory d = company();
    Parties p(&d, {});
    auto cls = [&](std::string from, std::vector<std::string> to, std::vector<std::string> cc) {
        CommMessage m;
        m.from = std::move(from);
        m.to = std::move(to);
        m.cc = std::move(cc);
        classify(m, p);
        return m;
    };
    // Inbound: the sender's customer; the owner is our first recipient in To.
    CommMessage in = cls("x@bigcorp.com", {"s2@co.example", "s1@co.example"}, {"p1@co.example"});
    CHECK(in.dir == Direction::inbound);
    CHECK(in.customers == std::vector<std::string>{"Big Corp"});
    CHECK(in.owner == "s2@co.example");
    // To holds only outsiders: the owner is our first Cc recipient. Another customer in Cc
    // is not a customer of an inbound message.
    CommMessage cc_owner = cls("x@bigcorp.com", {"y@bigcorp.com", "tom@gmail.com"},
                               {"f1@co.example", "p1@co.example"});
    CHECK(cc_owner.dir == Direction::inbound);
    CHECK(cc_owner.owner == "f1@co.example");
    CHECK(cc_owner.customers == std::vector<std::string>{"Big Corp"});
    // Outbound: each recipient's customer once, in order of appearance; no owner.
    CommMessage out = cls("s1@co.example", {"x@bigcorp.com", "ann@globex.com"},
                          {"y@bigcorp.com", "s2@co.example", "tom@gmail.com", "raj@globex.com"});
    CHECK(out.dir == Direction::outbound);
    CHECK(out.customers == std::vector<std::string>{"Big Corp", "globex.com", "tom@gmail.com"});
    CHECK(out.owner.empty());
    // Internal and external mail has no customers.
    CommMessage internal = cls("s1@co.example", {"p1@co.example"}, {"ops@co.example"});
    CHECK(internal.dir == Direction::internal);
    CHECK(internal.customers.empty());
    CHECK(internal.owner.empty());
    CommMessage external = cls("x@bigcorp.com", {"ann@globex.com"}, {});
    CHECK(external.dir == Direction::external);
    CHECK(external.customers.empty());
    CHECK(external.owner.empty());
    // Classifying again starts from scratch.
    CommMessage again = in;
    again.from = "s1@co.example";
    again.to = {"p1@co.example"};
    again.cc.clear();
    classify(again, p);
    CHECK(again.dir == Direction::internal);
    CHECK(again.customers.empty());
    CHECK(again.owner.empty());
}

// --- customer_stats ----------------------------------------------------------------------------

namespace {

// T0 = 2025-01-31 20:00 UTC = 2025-02-01 04:00 in Shanghai.
const std::int64_t T0 = epoch_from_civil(2025, 1, 31, 20, 0);
const std::string A = "s1@co.example", B = "s2@co.example", C = "p1@co.example";
const std::string X = "x@bigcorp.com", Y = "y@bigcorp.com", Z = "z@bigcorp.com", Q = "q@gmail.com";

std::vector<Msg> customer_mail() {
    return {
        {1, T0, X, {A}, {B}, "", {}},                   // in  Big Corp: run 1 starts
        {2, T0 + 3600, Y, {B}, {}, "", {}},             // in  Big Corp: run of 2
        {3, T0 + 5400, A, {X}, {Q}, "", {}},            // out Big Corp (our reply 5400) and q
        {4, T0 + 7200, A, {B}, {}, "", {}},             // internal: ignored
        {5, T0 + 86400, Q, {A}, {}, "", {}},            // in  q: their reply 86400-5400=81000
        {6, T0 + 90000, X, {C}, {}, "", {}},            // in  Big Corp: their 90000-5400=84600
        {7, T0 + 100000, X, {Z}, {C, A}, "", {}},       // in  Big Corp: run of 2, owner C (Cc)
        {8, T0 + 300000, B, {X}, {}, "", {}},           // out Big Corp: our 300000-90000=210000
        {9, T0 + 300100, B, {Y}, {}, "", {}},           // out Big Corp: our run goes on
        {10, T0 + 400000, X, {A, B}, {}, "", {}},       // in  Big Corp: their 400000-300000=100000
        {11, T0 + 600000, X, {Z}, {}, "", {}},          // external: ignored, but the last date
    };
}

} // namespace

TEST_CASE("analytics: customer_stats: volumes, reply times per run, runs, contacts, months") {
    Directory d = company();
    Parties p(&d, {});
    CommModel m = model(p, customer_mail());
    CustomerOptions o;
    o.utc_offset = [](std::int64_t) { return 480; };
    CustomerReport r = customer_stats(m, o);
    CHECK(r.as_of == T0 + 600000);  // the last message of the model
    REQUIRE(r.customers.size() == 2);
    CHECK(r.customers[0].customer == "Big Corp");  // by name
    CHECK(r.customers[1].customer == "q@gmail.com");

    const CustomerStats& big = stats_of(r, "Big Corp");
    CHECK(big.inbound == 5);   // 1, 2, 6, 7, 10
    CHECK(big.outbound == 3);  // 3, 8, 9
    CHECK(big.first == T0);
    CHECK(big.last == T0 + 400000);
    CHECK(big.our_reply == std::vector<std::int64_t>{5400, 210000});
    CHECK(big.their_reply == std::vector<std::int64_t>{84600, 100000});
    CHECK(big.our.count == 2);
    CHECK(big.our.median == 107700);   // (5400 + 210000) / 2
    CHECK(big.their.median == 92300);  // (84600 + 100000) / 2
    CHECK(big.current_run == 1);
    CHECK(big.current_run_since == T0 + 400000);
    CHECK(big.longest_run == 2);
    // s2 wrote to them twice (8, 9), s1 once (3): most mail first.
    CHECK(big.contacts == std::vector<std::string>{B, A});
    // All of it falls in February in Shanghai (T0 is 2025-02-01 04:00 there).
    REQUIRE(big.months.size() == 1);
    CHECK(big.months.at("2025-02").inbound == 5);
    CHECK(big.months.at("2025-02").outbound == 3);

    const CustomerStats& q = stats_of(r, "q@gmail.com");
    CHECK(q.inbound == 1);
    CHECK(q.outbound == 1);
    CHECK(q.our_reply.empty());
    CHECK(q.their_reply == std::vector<std::int64_t>{81000});
    CHECK(q.current_run == 1);
    CHECK(q.current_run_since == T0 + 86400);

    // Escalations as of T0+600000, after 48 h = 172800 s: q's message 5 has waited
    // 600000-86400 = 513600 s, Big Corp's message 10 200000 s. Longest waiting first.
    REQUIRE(r.escalations.size() == 2);
    CHECK(r.escalations[0].message == 5);
    CHECK(r.escalations[0].customer == "q@gmail.com");
    CHECK(r.escalations[0].waiting == 513600);
    CHECK(r.escalations[0].owner == A);
    CHECK(r.escalations[0].from == Q);
    CHECK(r.escalations[0].date == T0 + 86400);
    CHECK(r.escalations[1].message == 10);
    CHECK(r.escalations[1].waiting == 200000);
    CHECK(r.escalations[1].owner == A);  // To: s1, s2
}

TEST_CASE("analytics: customer_stats: months in UTC without an offset") {
    Directory d = company();
    Parties p(&d, {});
    CustomerReport r = customer_stats(model(p, customer_mail()), {});
    const CustomerStats& big = stats_of(r, "Big Corp");
    // UTC: 1, 2, 3 on 2025-01-31 (20:00, 21:00, 21:30); everything else in February.
    REQUIRE(big.months.size() == 2);
    CHECK(big.months.at("2025-01").inbound == 2);
    CHECK(big.months.at("2025-01").outbound == 1);
    CHECK(big.months.at("2025-02").inbound == 3);
    CHECK(big.months.at("2025-02").outbound == 2);
}

TEST_CASE("analytics: customer_stats: --as-of cuts the history; the 48-hour boundary is exclusive") {
    Directory d = company();
    Parties p(&d, {});
    CommModel m = model(p, customer_mail());
    CustomerOptions o;
    o.as_of = T0 + 100000;  // message 7 is the last one counted
    CustomerReport r = customer_stats(m, o);
    const CustomerStats& big = stats_of(r, "Big Corp");
    CHECK(big.inbound == 4);
    CHECK(big.outbound == 1);
    CHECK(big.current_run == 2);               // 6 and 7
    CHECK(big.current_run_since == T0 + 90000);
    CHECK(big.our_reply == std::vector<std::int64_t>{5400});
    // q's message 5 has waited 100000-86400 = 13600 s; Big Corp's 6 and 7 10000 s and 0 s.
    CHECK(r.escalations.empty());
    o.escalate_after = 13600;  // exactly the wait of message 5: not more than it
    CHECK(customer_stats(m, o).escalations.empty());
    o.escalate_after = 13599;
    r = customer_stats(m, o);
    REQUIRE(r.escalations.size() == 1);
    CHECK(r.escalations[0].message == 5);
    CHECK(r.escalations[0].waiting == 13600);
    o.escalate_after = 0;  // everything of a current run that has waited at all
    r = customer_stats(m, o);
    REQUIRE(r.escalations.size() == 2);
    CHECK(r.escalations[0].message == 5);   // 13600 s
    CHECK(r.escalations[1].message == 6);   // 10000 s; 7 has waited 0 s
    CHECK(r.escalations[1].owner == C);

    // Before any mail of a customer: the customer is not listed.
    o.as_of = T0 + 3600;
    r = customer_stats(m, o);
    REQUIRE(r.customers.size() == 1);
    CHECK(r.customers[0].customer == "Big Corp");
    CHECK(r.customers[0].current_run == 2);
    CHECK(r.customers[0].longest_run == 2);
}

TEST_CASE("analytics: customer_stats: equal waits are ordered by message id") {
    Directory d = company();
    Parties p(&d, {});
    // Two customers each write once at the same second.
    CommModel m = model(p, {{1, T0, X, {A}, {}, "", {}},
                            {2, T0, "ann@globex.com", {C}, {}, "", {}},
                            {3, T0 + 3 * k_day, A, {B}, {}, "", {}}});
    CustomerReport r = customer_stats(m, {});
    REQUIRE(r.escalations.size() == 2);
    CHECK(r.escalations[0].message == 1);
    CHECK(r.escalations[1].message == 2);
    CHECK(r.escalations[1].owner == C);
    CHECK(r.escalations[1].customer == "globex.com");
}

// --- answered_messages, department_reply_times, cc_stats --------------------------------------

TEST_CASE("analytics: answered_messages: nearest earlier parent in the model, else the thread") {
    Directory d = company();
    Parties p(&d, {});
    const std::int64_t t = T0;
    CommModel m = model(p, {
        {1, t, A, {C}, {"f1@co.example"}, "q1", {}},                 // 0
        {2, t + 10, C, {A}, {}, "r2", {"q1"}, 1},                    // 1 -> 0 (In-Reply-To)
        {3, t + 20, A, {C}, {}, "r3", {"missing", "r2", "q1"}, 1},   // 2 -> 1 (nearest present)
        {4, t + 30, "f1@co.example", {A}, {}, "r4", {}, 1},          // 3 -> 0 (thread: f1 was in Cc of 1)
        {5, t + 40, B, {A}, {}, "r5", {}, 1},                        // 4 -> -1 (s2 received nothing)
        {6, t + 50, A, {A}, {}, "r6", {}, 1},                        // 5 -> -1 (only own mail)
        {7, t + 60, C, {B}, {}, "r7", {"only-missing"}, 1},          // 6 -> -1 (parents, none present)
        {8, t + 70, C, {A}, {}, "r8", {"r9"}},                       // 7 -> -1 (parent is later)
        {9, t + 80, A, {C}, {}, "r9", {}},                           // 8
        {10, t + 90, X, {A}, {}, "r10", {}, 10},                     // 9
        {11, t + 95, A, {X}, {}, "r11", {}, 10},                     // 10 -> 9 (thread, customers too)
    });
    auto a = answered_messages(m);
    REQUIRE(a.size() == 11);
    CHECK(a[0] == -1);
    CHECK(a[1] == 0);
    CHECK(a[2] == 1);
    CHECK(a[3] == 0);
    CHECK(a[4] == -1);
    CHECK(a[5] == -1);
    CHECK(a[6] == -1);
    CHECK(a[7] == -1);
    CHECK(a[8] == -1);
    CHECK(a[9] == -1);
    CHECK(a[10] == 9);
}

TEST_CASE("analytics: answered_messages: the thread fallback takes the latest qualifying message") {
    Directory d = company();
    Parties p(&d, {});
    CommModel m = model(p, {
        {1, T0, A, {C}, {}, "a", {}},
        {2, T0 + 10, A, {C}, {}, "b", {}, 1},   // a second mail of s1 to p1
        {3, T0 + 20, B, {C}, {}, "c", {}, 1},   // s2 to p1: p1 received it, but 4 is not to s2
        {4, T0 + 30, C, {A}, {}, "d", {}, 1},   // p1 answers s1: the latest of 1 and 2 -> 2
    });
    auto a = answered_messages(m);
    CHECK(a[3] == 1);
}

TEST_CASE("analytics: department_reply_times: first reply per replier department; no self-replies") {
    Directory d = company();
    Parties p(&d, {});
    const std::string S1 = "s1@co.example", S2 = "s2@co.example", P1 = "p1@co.example",
                      F1 = "f1@co.example";
    CommModel m = model(p, {
        {1, T0, S1, {P1}, {F1}, "q1", {}},                   // sales asks support and finance
        {2, T0 + 100, P1, {S1}, {}, "a2", {"q1"}},           // support: 100
        {3, T0 + 150, S1, {P1}, {}, "a3", {"q1"}},           // s1 follows up own mail: no reply
        {4, T0 + 400, F1, {S1}, {}, "a4", {}, 1},            // finance (thread fallback): 400
        {5, T0 + 500, P1, {S1}, {}, "a5", {"q1"}},           // support again: not the first
        {6, T0 + 600, S2, {S1}, {}, "a6", {"q1"}},           // sales (s2, not s1): 600
        {7, T0 + 700, X, {S1}, {}, "a7", {"q1"}},            // inbound: not internal
        {8, T0 + 800, S1, {"ops@co.example"}, {}, "q8", {}}, // ops@ is nobody's department
        {9, T0 + 900, "ops@co.example", {S1}, {}, "a9", {"q8"}},
        {10, T0 + 1000, P1, {S1, S2}, {}, "q10", {}},        // support asks sales
        {11, T0 + 1300, S2, {P1}, {}, "a11", {"q10"}},       // sales: 300
        {12, T0 + 2000, P1, {S2}, {}, "q12", {}},            // support asks sales again
        {13, T0 + 2100, S2, {P1}, {}, "a13", {"q12"}},       // sales: 100
        {14, T0 + 3000, P1, {S1}, {}, "q14", {}},            // and once more
        {15, T0 + 4000, S1, {P1}, {}, "a15", {"q14"}},       // sales: 1000
        {16, T0 + 5000, S1, {"x@bigcorp.com"}, {}, "q16", {}},  // outbound question
        {17, T0 + 5100, S2, {S1}, {}, "a17", {"q16"}},       // internal reply to outbound: no
    });
    auto cells = department_reply_times(m, d);
    REQUIRE(cells.size() == 4);
    // By (asker, replier) department.
    CHECK(cells[0].from_department == "sales");
    CHECK(cells[0].to_department == "finance");
    CHECK(cells[0].times == std::vector<std::int64_t>{400});
    CHECK(cells[1].from_department == "sales");
    CHECK(cells[1].to_department == "sales");
    CHECK(cells[1].times == std::vector<std::int64_t>{600});  // not 150 (s1's own follow-up)
    CHECK(cells[2].from_department == "sales");
    CHECK(cells[2].to_department == "support");
    CHECK(cells[2].times == std::vector<std::int64_t>{100});
    CHECK(cells[3].from_department == "support");
    CHECK(cells[3].to_department == "sales");
    CHECK(cells[3].summary.count == 3);
    CHECK(cells[3].summary.median == 300);                    // 100, 300, 1000
    CHECK(cells[3].summary.mean == doctest::Approx(1400.0 / 3.0));
}

TEST_CASE("analytics: cc_stats: buckets by CC count, heavy senders, first reply by someone else") {
    Directory d = company();
    Parties p(&d, {});
    auto ccs = [](int n) {
        std::vector<std::string> v;
        for (int i = 0; i < n; ++i) v.push_back("cc" + std::to_string(i) + "@co.example");
        return v;
    };
    CommModel m = model(p, {
        {1, T0, A, {B}, {}, "m1", {}},                      // 0 CC, answered by 2: 60
        {2, T0 + 60, B, {A}, {}, "m2", {"m1"}},             // 0 CC, unanswered
        {3, T0 + 100, A, {B}, ccs(2), "m3", {}},            // 2 CC, answered by 5 (not 4): 300
        {4, T0 + 200, A, {B}, {}, "m4", {"m3"}},            // 0 CC, own follow-up
        {5, T0 + 400, B, {A}, {}, "m5", {"m3"}},            // 0 CC
        {6, T0 + 500, C, {A}, ccs(6), "m6", {}},            // 6 CC: heavy, answered: 1000
        {7, T0 + 1500, A, {C}, {}, "m7", {"m6"}},           // 0 CC
        {8, T0 + 2000, C, {A}, ccs(12), "m8", {}},          // 12 CC: heavy, unanswered
        {9, T0 + 3000, A, {B}, ccs(13), "m9", {}},          // 13 CC: heavy
        {10, T0 + 3100, A, {B}, ccs(5), "m10", {}},         // 5 CC: not heavy at min 5
        {11, T0 + 3500, B, {A}, {}, "m11", {"m10"}},        // 0 CC: answers 10 after 400
    });
    CcReport r = cc_stats(m, 5);
    CHECK(r.min_cc == 5);
    CHECK(r.heavy == std::vector<std::size_t>{5, 7, 8});
    REQUIRE(r.senders.size() == 2);
    // p1: two heavy mails with 6 + 12 CC; s1: one with 13. More mails first.
    CHECK(r.senders[0].sender == C);
    CHECK(r.senders[0].messages == 2);
    CHECK(r.senders[0].cc_total == 18);
    CHECK(r.senders[1].sender == A);
    CHECK(r.senders[1].messages == 1);
    CHECK(r.senders[1].cc_total == 13);
    REQUIRE(r.buckets.size() == 5);
    CHECK(r.buckets[0].label == "0");
    CHECK(r.buckets[0].messages == 6);  // 1, 2, 4, 5, 7, 11
    CHECK(r.buckets[0].answered == 1);  // 1 (4 answers 3 but is s1's own mail)
    CHECK(r.buckets[0].reply.median == 60);
    CHECK(r.buckets[1].label == "1-2");
    CHECK(r.buckets[1].messages == 1);
    CHECK(r.buckets[1].answered == 1);
    CHECK(r.buckets[1].reply.median == 300);
    CHECK(r.buckets[2].label == "3-5");
    CHECK(r.buckets[2].low == 3);
    CHECK(r.buckets[2].high == 5);
    CHECK(r.buckets[2].messages == 1);
    CHECK(r.buckets[2].answered == 1);
    CHECK(r.buckets[2].reply.median == 400);
    CHECK(r.buckets[3].label == "6-10");
    CHECK(r.buckets[3].messages == 1);
    CHECK(r.buckets[3].answered == 1);
    CHECK(r.buckets[3].reply.median == 1000);
    CHECK(r.buckets[4].label == "11+");
    CHECK(r.buckets[4].messages == 2);
    CHECK(r.buckets[4].answered == 0);
    CHECK(r.buckets[4].reply.count == 0);

    // More than 12: only the 13-CC mail.
    CcReport strict = cc_stats(m, 12);
    CHECK(strict.heavy == std::vector<std::size_t>{8});
    REQUIRE(strict.senders.size() == 1);
    CHECK(strict.senders[0].sender == A);
    // More than 4: the 5-CC mail too.
    CcReport loose = cc_stats(m, 4);
    CHECK(loose.heavy == std::vector<std::size_t>{5, 7, 8, 9});
    REQUIRE(loose.senders.size() == 2);
    CHECK(loose.senders[0].messages == 2);
    CHECK(loose.senders[1].messages == 2);
}

TEST_CASE("analytics: cc_stats: equal heavy counts are ordered by CC recipients") {
    Directory d = company();
    Parties p(&d, {});
    std::vector<std::string> six(6, ""), nine(9, "");
    for (int i = 0; i < 9; ++i) {
        if (i < 6) six[static_cast<std::size_t>(i)] = "c" + std::to_string(i) + "@co.example";
        nine[static_cast<std::size_t>(i)] = "c" + std::to_string(i) + "@co.example";
    }
    // s1 sends 9 CC, p1 6: by address p1 would come first, by CC recipients s1 does.
    CommModel m = model(p, {{1, T0, A, {B}, nine, "a", {}}, {2, T0 + 1, C, {B}, six, "b", {}}});
    CcReport r = cc_stats(m, 5);
    REQUIRE(r.senders.size() == 2);
    CHECK(r.senders[0].sender == A);
    CHECK(r.senders[0].cc_total == 9);
    CHECK(r.senders[1].sender == C);
}

// --- flag_trends in a real case ---------------------------------------------------------------

namespace {

std::string eml(const std::string& id, const std::string& date) {
    return "From: a@co.example\nTo: b@co.example\nSubject: " + id + "\nDate: " + date +
           "\nMessage-ID: <" + id + "@co.example>\n\n" + id + "\n";
}

struct TrendCase {
    TempDir t;
    std::unique_ptr<Case> c;
    std::map<std::string, std::int64_t> id;

    TrendCase() {
        // Dates in UTC: January, none in February, March; "late" is 2025-03-31 20:00 UTC,
        // April in Shanghai.
        const std::vector<std::pair<std::string, std::string>> mail = {
            {"jan1", "Wed, 15 Jan 2025 10:00:00 +0000"}, {"jan2", "Thu, 16 Jan 2025 10:00:00 +0000"},
            {"mar1", "Mon, 03 Mar 2025 10:00:00 +0000"}, {"mar2", "Tue, 04 Mar 2025 10:00:00 +0000"},
            {"mar3", "Wed, 05 Mar 2025 10:00:00 +0000"}, {"late", "Mon, 31 Mar 2025 20:00:00 +0000"},
        };
        for (const auto& [k, date] : mail) t.file("src/" + k + ".eml", eml(k, date));
        auto opened = Case::open(t.path + "/case", CaseMode::create);
        REQUIRE(opened);
        c = std::move(opened).value();
        ImportOptions o;
        o.sources = {t.path + "/src"};
        o.operator_name = "tester";
        o.tool_version = "test";
        auto rep = import_sources(*c, o, {});
        REQUIRE(rep);
        REQUIRE(rep->new_messages == mail.size());
        auto st = c->db().prepare("SELECT id, message_id FROM messages");
        REQUIRE(st);
        for (;;) {
            auto row = st->step();
            REQUIRE(row);
            if (!*row) break;
            std::string mid = st->text(1);
            id[mid.substr(0, mid.find('@'))] = st->int64(0);
        }
        auto created = FlagWriter::create(c->db());
        REQUIRE(created);
        FlagWriter w = std::move(created).value();
        std::uint32_t start = 0;
        auto add = [&](const std::string& msg, const std::string& rule, const std::string& tier,
                       const std::string& category) {
            FlagRow f;
            f.message_id = id.at(msg);
            f.policy = "p";
            f.rule = rule;
            f.tier = tier;
            f.category = category;
            f.field = "body";
            f.start = start++;
            f.end = f.start + 1;
            f.version = "v1";
            f.status = "open";
            auto added = w.add(f, false, false);
            REQUIRE(added);
            REQUIRE(*added);
        };
        // pricing/cheap: Jan 1, Mar 3 (+ late: Mar in UTC, Apr in Shanghai)
        add("jan1", "cheap", "approval", "pricing");
        add("mar1", "cheap", "approval", "pricing");
        add("mar2", "cheap", "approval", "pricing");
        add("mar3", "cheap", "approval", "pricing");
        add("late", "cheap", "approval", "pricing");
        // pricing/secret (forbidden): Jan 2
        add("jan1", "secret", "forbidden", "pricing");
        add("jan2", "secret", "forbidden", "pricing");
        // payments/rebate: Mar 1
        add("mar1", "rebate", "approval", "payments");
    }
};

std::uint64_t count_of(const TrendReport& r, const std::string& kind, const std::string& name,
                       const std::string& month) {
    for (const auto& row : r.rows)
        if (row.kind == kind && row.name == name && row.month == month) return row.count;
    FAIL("no row " << kind << " " << name << " " << month);
    return 0;
}

} // namespace

TEST_CASE("analytics: flag_trends: months without gaps, series, changes and jumps") {
    TrendCase k;
    auto r = flag_trends(k.c->db(), nullptr, nullptr, {});
    REQUIRE(r);
    CHECK(r->months == std::vector<std::string>{"2025-01", "2025-02", "2025-03"});
    // Categories first, then rules, each by name.
    REQUIRE(r->series.size() == 5);
    CHECK(r->series[0].name == "payments");
    CHECK(r->series[1].name == "pricing");
    CHECK(r->series[1].tier == "forbidden");  // the highest tier among its flags
    CHECK(r->series[1].total == 7);
    CHECK(r->series[2].name == "cheap");
    CHECK(r->series[2].kind == "rule");
    CHECK(r->series[3].name == "rebate");
    CHECK(r->series[4].name == "secret");
    CHECK(r->rows.size() == 15);  // 5 series x 3 months
    // pricing: Jan 1 cheap + 2 secret = 3, Feb 0, Mar 4 cheap.
    CHECK(count_of(*r, "category", "pricing", "2025-01") == 3);
    CHECK(count_of(*r, "category", "pricing", "2025-02") == 0);
    CHECK(count_of(*r, "category", "pricing", "2025-03") == 4);
    // Jumps (at least 3, at least 2x the month before; never the first month):
    //   pricing Jan 3: first month, no; Mar 4 after 0: yes. cheap Mar 4 after 0: yes.
    //   rebate Mar 1: below 3. secret Jan 2: first month.
    REQUIRE(r->jumps.size() == 2);
    CHECK(r->jumps[0].name == "pricing");
    CHECK(r->jumps[0].month == "2025-03");
    CHECK(r->jumps[0].previous == 0);
    CHECK(r->jumps[0].change == 4);
    CHECK(r->jumps[1].name == "cheap");
    for (const auto& row : r->rows)
        if (row.kind == "category" && row.name == "pricing" && row.month == "2025-02") {
            CHECK(row.previous == 3);
            CHECK(row.change == -3);
            CHECK_FALSE(row.jump);
        }
}

TEST_CASE("analytics: flag_trends: the organisation's offset moves a flag into the next month") {
    TrendCase k;
    auto r = flag_trends(k.c->db(), nullptr, [](std::int64_t) { return 480; }, {});
    REQUIRE(r);
    CHECK(r->months == std::vector<std::string>{"2025-01", "2025-02", "2025-03", "2025-04"});
    CHECK(count_of(*r, "rule", "cheap", "2025-03") == 3);
    CHECK(count_of(*r, "rule", "cheap", "2025-04") == 1);
}

TEST_CASE("analytics: flag_trends: since and until, jump options, the viewer's messages") {
    TrendCase k;
    TrendOptions o;
    o.since = "2025-02";
    auto r = flag_trends(k.c->db(), nullptr, nullptr, o);
    REQUIRE(r);
    CHECK(r->months == std::vector<std::string>{"2025-02", "2025-03"});
    CHECK(r->series.size() == 4);  // payments, pricing, cheap, rebate: secret had January only
    REQUIRE(r->jumps.size() == 2);  // February is the first month now; March still jumps

    o.since = "2025-03";
    r = flag_trends(k.c->db(), nullptr, nullptr, o);
    REQUIRE(r);
    CHECK(r->months == std::vector<std::string>{"2025-03"});
    CHECK(r->jumps.empty());  // the only month is the first

    TrendOptions until;
    until.until = "2025-02";
    r = flag_trends(k.c->db(), nullptr, nullptr, until);
    REQUIRE(r);
    CHECK(r->months == std::vector<std::string>{"2025-01", "2025-02"});
    CHECK(count_of(*r, "category", "pricing", "2025-01") == 3);

    TrendOptions low;
    low.jump_min = 1;
    r = flag_trends(k.c->db(), nullptr, nullptr, low);
    REQUIRE(r);
    // Also rebate (1 in March after 0; a month after an empty one jumps on jump_min alone).
    CHECK(r->jumps.size() == 4);  // payments, pricing, cheap, rebate in March

    TrendOptions strict;
    strict.jump_factor = 5;  // 4 >= 5 x 0 still holds
    r = flag_trends(k.c->db(), nullptr, nullptr, strict);
    REQUIRE(r);
    CHECK(r->jumps.size() == 2);
    strict.jump_min = 5;
    r = flag_trends(k.c->db(), nullptr, nullptr, strict);
    REQUIRE(r);
    CHECK(r->jumps.empty());

    std::int64_t jan1 = k.id.at("jan1");
    r = flag_trends(k.c->db(), [&](std::int64_t m) { return m != jan1; }, nullptr, {});
    REQUIRE(r);
    CHECK(count_of(*r, "category", "pricing", "2025-01") == 1);  // jan2's secret only
    CHECK(count_of(*r, "rule", "cheap", "2025-01") == 0);

    r = flag_trends(k.c->db(), [](std::int64_t) { return false; }, nullptr, {});
    REQUIRE(r);
    CHECK(r->months.empty());
    CHECK(r->series.empty());
    CHECK(r->rows.empty());
}

// --- excerpt ------------------------------------------------------------------------------------

TEST_CASE("analytics: excerpt: greetings, blank lines and quotes are skipped") {
    CHECK(excerpt("Hi Mike,\n\nThe samples ship today.\nTracking follows.\n") ==
          "The samples ship today. / Tracking follows.");
    CHECK(excerpt("Dear all,\nHello!\n\nMeeting moved to 3 pm.\n") == "Meeting moved to 3 pm.");
    CHECK(excerpt("张经理：\n\n您好！\n报价单已发送，请查收。\n") == "报价单已发送，请查收。");
    // A long first line ending in a colon is text, not a greeting.
    CHECK(excerpt("These are the three points we agreed on today:\n- price\n") ==
          "These are the three points we agreed on today: / - price");
    // Greetings after the first kept line stay.
    CHECK(excerpt("Price confirmed.\nThanks,\nLi\n") == "Price confirmed. / Thanks, / Li");
    // Quoted lines anywhere are skipped, inline replies kept.
    CHECK(excerpt("> Can you ship by Friday?\nYes, Friday works.\n>> older\nSee you.\n") ==
          "Yes, Friday works. / See you.");
    CHECK(excerpt("  >indented quote\nnew text\n") == "new text");
    // Whitespace inside a line collapses; CRLF line ends.
    CHECK(excerpt("Hi,\r\n\r\nPlease   call\tme.\r\nBye\r\n") == "Please call me. / Bye");
    CHECK(excerpt("") == "");
    CHECK(excerpt("\n\n   \n") == "");
}

TEST_CASE("analytics: excerpt: the quoted history and the signature end the text") {
    CHECK(excerpt("Agreed.\n\nOn Mon, 3 Mar 2025 at 09:00, Li Lei <li@x.cn> wrote:\nQuoted\n") ==
          "Agreed.");
    CHECK(excerpt("Agreed.\nOn 3/3/2025, Li wrote :\nQuoted\n") == "Agreed.");
    CHECK(excerpt("OK.\n-----Original Message-----\nFrom: a\nold\n") == "OK.");
    CHECK(excerpt("OK.\n----- Original Message -----\nold\n") == "OK.");
    CHECK(excerpt("OK.\n---------- Forwarded message ---------\nold\n") == "OK.");
    CHECK(excerpt("OK.\n________________________________________\nFrom: x\n") == "OK.");
    CHECK(excerpt("好的。\n-----原始邮件-----\n旧\n") == "好的。");
    CHECK(excerpt("好的。\n------------------ 原始邮件 ------------------\n旧\n") == "好的。");
    CHECK(excerpt("收到。\n发件人: li@x.cn\n发送时间: 2025年3月5日\n") == "收到。");
    CHECK(excerpt("收到。\n发件人：李雷\n") == "收到。");
    CHECK(excerpt("收到。\n寄件者: 林\n") == "收到。");
    CHECK(excerpt("收到。\n在 2025年3月5日 14:00，李雷 写道：\n旧\n") == "收到。");
    CHECK(excerpt("OK.\nFrom: Li Lei [mailto:li@x.cn]\nSent: Monday\n") == "OK.");
    // A line starting "On" that does not end in "wrote:" is text.
    CHECK(excerpt("On Monday we ship.\nOK?\n") == "On Monday we ship. / OK?");
    // Signatures: "-- " and "--" alone.
    CHECK(excerpt("See you.\n-- \nLi Lei\nTel 13812345678\n") == "See you.");
    CHECK(excerpt("See you.\n--\nLi Lei\n") == "See you.");
    CHECK(excerpt("a -- b\nc\n") == "a -- b / c");
}

TEST_CASE("analytics: excerpt: at most max_lines lines and max_bytes bytes, whole characters") {
    CHECK(excerpt("one\ntwo\nthree\nfour\n") == "one / two / three");
    CHECK(excerpt("one\ntwo\nthree\nfour\n", 1) == "one");
    CHECK(excerpt("one\ntwo\nthree\nfour\n", 10) == "one / two / three / four");
    CHECK(excerpt("abcdefghij\n", 3, 4) == "abcd…");
    CHECK(excerpt("abcd\n", 3, 4) == "abcd");
    // "价格确认" is 12 bytes; 7 bytes hold two whole characters.
    CHECK(excerpt("价格确认\n", 3, 7) == "价格…");
}
