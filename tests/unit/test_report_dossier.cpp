// The handover dossier model on a hand-built model: every figure below is worked out by hand.
#include "mailscope/report/dossier.hpp"

#include <doctest/doctest.h>

using namespace ms;

namespace {

CommMessage msg(std::int64_t id, std::int64_t date, std::int64_t thread, std::string from,
                std::vector<std::string> to, std::string subject, const Parties& p,
                std::vector<std::string> cc = {}) {
    CommMessage m;
    m.id = id;
    m.date = date;
    m.thread = thread;
    m.from = std::move(from);
    m.to = std::move(to);
    m.cc = std::move(cc);
    m.subject = std::move(subject);
    classify(m, p);
    return m;
}

} // namespace

TEST_CASE("dossier: event kinds from subjects") {
    CHECK(event_kind("RFQ: PB-20000 power banks") == "proposal");
    CHECK(event_kind("明达电子咨询项目二期报价") == "proposal");
    CHECK(event_kind("Damaged goods on arrival") == "complaint");
    CHECK(event_kind("关于订单退货退款的问题") == "complaint");
    CHECK(event_kind("Price increase from July") == "price");
    CHECK(event_kind("周六同学聚会吃饭") == "");
}

TEST_CASE("dossier: profile, events, documents and open points of one customer") {
    Parties p(nullptr, {"acme.com"});
    CommModel model;
    model.messages = {
        msg(1, 1000, 1, "c1@cust.com", {"me@acme.com"}, "RFQ: headsets", p),
        msg(2, 2000, 1, "me@acme.com", {"c1@cust.com"}, "Re: RFQ: headsets", p, {"boss@acme.com"}),
        msg(4, 3000, 4, "x@else.com", {"me@acme.com"}, "hello", p),
        msg(5, 4000, 5, "colleague@acme.com", {"c1@cust.com"}, "not the employee's", p),
        msg(3, 5000, 3, "c2@cust.com", {"me@acme.com"}, "Damaged goods", p),
    };
    model.first = 1000;
    model.last = 5000;
    DossierInput in;
    in.parties = &p;
    in.employee = {"me@acme.com"};
    in.customers = {"cust.com"};
    in.flags[2] = {{"private-discount", "approval", "pricing"}, {"note", "allowed", "misc"}};
    in.attachments[2] = {{"quote.pdf", "application/pdf", "ab12", 2048}};
    in.attachments[1] = {{"their-spec.pdf", "application/pdf", "cd34", 10}};  // not ours: no document

    auto ds = build_dossiers(model, in);
    REQUIRE(ds.size() == 1);
    const Dossier& d = ds[0];
    CHECK(d.customer == "cust.com");
    CHECK(d.first == 1000);
    CHECK(d.last == 5000);
    CHECK(d.inbound == 2);   // 1 and 3; 5 is not the employee's mail
    CHECK(d.outbound == 1);  // 2
    CHECK(d.our_reply.count == 1);
    CHECK(d.our_reply.median == 1000);   // 1 at 1000, answered by 2 at 2000
    CHECK(d.their_reply.count == 1);
    CHECK(d.their_reply.median == 3000); // 2 at 2000, their next mail 3 at 5000
    REQUIRE(d.contacts.size() == 2);
    CHECK(d.contacts[0].address == "c1@cust.com");
    CHECK(d.contacts[0].messages == 2);
    CHECK(d.contacts[1].address == "c2@cust.com");
    CHECK(d.colleagues == std::vector<std::string>{"boss@acme.com"});

    REQUIRE(d.events.size() == 4);
    CHECK(d.events[0].kind == "first-contact");
    CHECK(d.events[0].message == 1);
    CHECK(d.events[1].kind == "proposal");  // the RFQ thread, once
    CHECK(d.events[1].message == 1);
    CHECK(d.events[2].kind == "flagged");
    CHECK(d.events[2].summary == "private-discount (approval)");
    CHECK(d.events[3].kind == "complaint");
    CHECK(d.events[3].message == 3);

    REQUIRE(d.documents.size() == 1);
    CHECK(d.documents[0].file.filename == "quote.pdf");
    CHECK(d.documents[0].message == 2);

    REQUIRE(d.open_points.size() == 4);
    CHECK(d.open_points[0].kind == "approval-flag");
    CHECK(d.open_points[1].kind == "promise");  // our flagged mail, within 90 days of as-of
    CHECK(d.open_points[2].kind == "awaiting-reply");  // our quote is the RFQ thread's last word
    CHECK(d.open_points[2].message == 2);
    CHECK(d.open_points[3].kind == "unanswered");
    CHECK(d.open_points[3].message == 3);
}

TEST_CASE("dossier: a second quote under a new subject in one thread is an event; their last word in a thread is open") {
    Parties p(nullptr, {"acme.com"});
    CommModel model;
    model.messages = {
        msg(1, 1000, 1, "me@acme.com", {"c@cust.com"}, "Proposal phase 1", p),
        msg(2, 2000, 1, "c@cust.com", {"me@acme.com"}, "Re: Proposal phase 1", p),
        msg(3, 3000, 1, "me@acme.com", {"c@cust.com"}, "Quotation phase 2", p),
        msg(4, 4000, 4, "c@cust.com", {"me@acme.com"}, "Question on delivery", p),
        msg(5, 5000, 5, "me@acme.com", {"c@cust.com"}, "Newsletter", p),
    };
    model.first = 1000;
    model.last = 5000;
    DossierInput in;
    in.parties = &p;
    in.employee = {"me@acme.com"};
    auto ds = build_dossiers(model, in);
    REQUIRE(ds.size() == 1);
    std::vector<std::int64_t> proposals;
    for (const auto& e : ds[0].events)
        if (e.kind == "proposal") proposals.push_back(e.message);
    CHECK(proposals == std::vector<std::int64_t>{1, 3});  // 2 repeats 1's subject
    REQUIRE(ds[0].open_points.size() == 2);
    CHECK(ds[0].open_points[0].kind == "awaiting-reply");  // phase 2, thread 1's last word
    CHECK(ds[0].open_points[0].message == 3);
    CHECK(ds[0].open_points[1].kind == "open-thread");     // answered elsewhere (5), not there
    CHECK(ds[0].open_points[1].message == 4);
}

TEST_CASE("dossier: promises older than the window are not open points; every customer by default") {
    Parties p(nullptr, {"acme.com"});
    CommModel model;
    model.messages = {
        msg(1, 0, 1, "me@acme.com", {"a@one.com"}, "offer", p),
        msg(2, 100 * 86400, 2, "a@one.com", {"me@acme.com"}, "thanks", p),
        msg(3, 100 * 86400 + 60, 3, "me@acme.com", {"b@two.com"}, "hi", p),
    };
    model.first = 0;
    model.last = 100 * 86400 + 60;
    DossierInput in;
    in.parties = &p;
    in.employee = {"me@acme.com"};
    in.flags[1] = {{"lowest-price", "approval", "pricing"}};
    auto ds = build_dossiers(model, in);
    REQUIRE(ds.size() == 2);
    CHECK(ds[0].customer == "one.com");
    CHECK(ds[1].customer == "two.com");
    REQUIRE(ds[0].open_points.size() == 3);
    CHECK(ds[0].open_points[0].kind == "approval-flag");
    CHECK(ds[0].open_points[1].kind == "awaiting-reply");  // the offer's thread never answered
    CHECK(ds[0].open_points[2].kind == "unanswered");      // their "thanks" is the last word
    CHECK(ds[1].open_points.empty());
}
