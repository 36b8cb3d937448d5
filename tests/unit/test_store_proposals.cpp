// Unit tests of store/proposals: adding proposals (with and without the proposer's vote, a
// second open proposal of the same change refused), listing with tallies and a status
// filter, one vote per person that can be changed while the proposal is open, decisions that
// are final, and unknown ids.
#include "mailscope/store/case.hpp"
#include "mailscope/store/proposals.hpp"

#include <doctest/doctest.h>

#include "temp_dir.hpp"

using namespace ms;

namespace {

struct ProposalCase {
    TempDir t;
    std::unique_ptr<Case> c;
    ProposalCase() {
        auto opened = Case::open(t.path + "/case", CaseMode::create);
        REQUIRE(opened);
        c = std::move(opened).value();
    }
    Db& db() { return c->db(); }

    Proposal propose(const std::string& term, const std::string& by, bool vote = true,
                     const char* kind = k_proposal_add) {
        Proposal p;
        p.kind = kind;
        p.term = term;
        p.policy = "sales-zh";
        p.rule = "lifetime-warranty";
        p.reason = "customers hear it as a promise";
        p.proposed_by = by;
        p.proposed_at = 1000;
        auto r = add_proposal(db(), p, vote);
        REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
        return *r;
    }

    void vote(std::int64_t id, const std::string& who, bool yes, std::int64_t at = 2000,
              const std::string& comment = "") {
        auto r = cast_vote(db(), Vote{id, who, yes, at, comment});
        REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
    }
};

} // namespace

TEST_CASE("proposals: add, get and list with the proposer's vote") {
    ProposalCase pc;
    Proposal a = pc.propose("十年包换", "zhang.wei@haina-trade.com");
    CHECK(a.id == 1);
    CHECK(a.status == "open");
    CHECK(a.votes_for == 1);
    CHECK(a.votes_against == 0);
    Proposal b = pc.propose("终身保固", "zhao.min@haina-trade.com", false, k_proposal_remove);
    CHECK(b.id == 2);
    CHECK(b.votes_for == 0);

    auto got = get_proposal(pc.db(), 1);
    REQUIRE(got);
    CHECK(got->term == "十年包换");
    CHECK(got->kind == "add");
    CHECK(got->policy == "sales-zh");
    CHECK(got->rule == "lifetime-warranty");
    CHECK(got->reason == "customers hear it as a promise");
    CHECK(got->proposed_by == "zhang.wei@haina-trade.com");
    CHECK(got->proposed_at == 1000);
    CHECK(got->decided_by.empty());
    CHECK(got->decided_at == 0);
    CHECK(got->votes_for == 1);

    auto votes = votes_of(pc.db(), 1);
    REQUIRE(votes);
    REQUIRE(votes->size() == 1);
    CHECK((*votes)[0].person == "zhang.wei@haina-trade.com");
    CHECK((*votes)[0].in_favour);
    CHECK((*votes)[0].at == 1000);

    auto all = list_proposals(pc.db(), {});
    REQUIRE(all);
    REQUIRE(all->size() == 2);
    CHECK((*all)[0].id == 1);
    CHECK((*all)[1].kind == "remove");
    CHECK((*all)[1].votes_for == 0);

    auto missing = get_proposal(pc.db(), 99);
    REQUIRE(!missing);
    CHECK(missing.error().code == Errc::not_found);
    CHECK(!get_proposal(pc.db(), 0));
}

TEST_CASE("proposals: the same open change twice is refused; decided ones may come again") {
    ProposalCase pc;
    Proposal a = pc.propose("十年包换", "zhang.wei@haina-trade.com");
    Proposal p = a;
    p.proposed_by = "wang.fang@haina-trade.com";
    auto dup = add_proposal(pc.db(), p, true);
    REQUIRE(!dup);
    CHECK(dup.error().code == Errc::conflict);
    CHECK(dup.error().message.find("proposal 1 already proposes") != std::string::npos);
    CHECK(dup.error().hint == "vote on it: mailscope policy vote 1 --for");
    // Removing it is another change; so is the same term in another rule.
    p.kind = k_proposal_remove;
    CHECK(add_proposal(pc.db(), p, false));
    p.kind = k_proposal_add;
    p.rule = "lowest-price";
    CHECK(add_proposal(pc.db(), p, false));
    REQUIRE(decide_proposal(pc.db(), a.id, false, "zhao.min@haina-trade.com", "not a promise", 3000));
    p.rule = "lifetime-warranty";
    auto again = add_proposal(pc.db(), p, true);
    REQUIRE(again);
    CHECK(again->id == 4);
    // Nothing half-written by the refused one.
    auto all = list_proposals(pc.db(), {});
    REQUIRE(all);
    CHECK(all->size() == 4);
    auto bad = a;
    bad.kind = "rename";
    CHECK(!add_proposal(pc.db(), bad, false));
}

TEST_CASE("proposals: one vote per person, changed while open") {
    ProposalCase pc;
    Proposal a = pc.propose("十年包换", "zhang.wei@haina-trade.com");
    pc.vote(a.id, "wang.fang@haina-trade.com", true, 2000);
    pc.vote(a.id, "sun.qiang@haina-trade.com", false, 2001, "too broad");
    auto t = get_proposal(pc.db(), a.id);
    REQUIRE(t);
    CHECK(t->votes_for == 2);
    CHECK(t->votes_against == 1);

    // wang.fang changes her mind: still one vote, now against.
    auto prev = cast_vote(pc.db(), Vote{a.id, "wang.fang@haina-trade.com", false, 2002, "on reflection"});
    REQUIRE(prev);
    REQUIRE(prev->has_value());
    CHECK((*prev)->in_favour);
    CHECK((*prev)->at == 2000);
    t = get_proposal(pc.db(), a.id);
    CHECK(t->votes_for == 1);
    CHECK(t->votes_against == 2);
    auto mine = vote_of(pc.db(), a.id, "wang.fang@haina-trade.com");
    REQUIRE(mine);
    REQUIRE(mine->has_value());
    CHECK(!(*mine)->in_favour);
    CHECK((*mine)->comment == "on reflection");
    auto none = vote_of(pc.db(), a.id, "li.na@haina-trade.com");
    REQUIRE(none);
    CHECK(!none->has_value());

    auto votes = votes_of(pc.db(), a.id);
    REQUIRE(votes);
    REQUIRE(votes->size() == 3);
    CHECK((*votes)[0].person == "zhang.wei@haina-trade.com");
    CHECK((*votes)[1].person == "sun.qiang@haina-trade.com");
    CHECK((*votes)[1].comment == "too broad");
    CHECK((*votes)[2].person == "wang.fang@haina-trade.com");

    // A first vote reports no previous one; unknown proposals take none.
    auto first = cast_vote(pc.db(), Vote{a.id, "li.na@haina-trade.com", true, 2003, ""});
    REQUIRE(first);
    CHECK(!first->has_value());
    auto unknown = cast_vote(pc.db(), Vote{42, "li.na@haina-trade.com", true, 2003, ""});
    REQUIRE(!unknown);
    CHECK(unknown.error().code == Errc::not_found);
}

TEST_CASE("proposals: decisions are final and close the vote") {
    ProposalCase pc;
    Proposal a = pc.propose("十年包换", "zhang.wei@haina-trade.com");
    Proposal b = pc.propose("终身保固", "zhang.wei@haina-trade.com", true, k_proposal_remove);
    pc.vote(a.id, "wang.fang@haina-trade.com", true);

    auto d = decide_proposal(pc.db(), a.id, true, "zhao.min@haina-trade.com", "a real promise", 5000);
    REQUIRE(d);
    CHECK(d->status == "adopted");
    CHECK(d->decided_by == "zhao.min@haina-trade.com");
    CHECK(d->decided_at == 5000);
    CHECK(d->note == "a real promise");
    CHECK(d->votes_for == 2);

    auto late = cast_vote(pc.db(), Vote{a.id, "sun.qiang@haina-trade.com", false, 6000, ""});
    REQUIRE(!late);
    CHECK(late.error().code == Errc::conflict);
    CHECK(late.error().message == "proposal 1 is adopted: only an open proposal takes votes");
    auto again = decide_proposal(pc.db(), a.id, false, "zhao.min@haina-trade.com", "changed my mind", 6000);
    REQUIRE(!again);
    CHECK(again.error().code == Errc::conflict);
    CHECK(get_proposal(pc.db(), a.id)->status == "adopted");
    CHECK(get_proposal(pc.db(), a.id)->votes_for == 2);

    auto r = decide_proposal(pc.db(), b.id, false, "zhao.min@haina-trade.com", "keep it", 7000);
    REQUIRE(r);
    CHECK(r->status == "rejected");
    CHECK(!decide_proposal(pc.db(), 77, true, "zhao.min@haina-trade.com", "x", 1));

    ProposalFilter f;
    f.status = "adopted";
    auto adopted = list_proposals(pc.db(), f);
    REQUIRE(adopted);
    REQUIRE(adopted->size() == 1);
    CHECK((*adopted)[0].id == a.id);
    f.status = "open";
    CHECK(list_proposals(pc.db(), f)->empty());
    f.status = "rejected";
    CHECK(list_proposals(pc.db(), f)->size() == 1);
}
