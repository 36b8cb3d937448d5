// Proposals to change the phrase library, the votes on them and compliance's decision (case
// schema 5: tables `proposals` and `votes`; mailscope-policy(1), PROPOSALS).
//
// A proposal adds a term to a rule, or removes one. It is open until compliance adopts or
// rejects it; while it is open each person has at most one vote (for or against) and may
// change it. A decision is final: a decided proposal takes no votes and no second decision.
// Who may do what, and who sees whose votes, is the CLI's business (the permission matrix);
// this layer keeps the rows consistent. Editing the policy file on adoption is policy_edit's.
#pragma once

#include "mailscope/store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ms {

// What a proposal asks for: a term added to a rule, or a term of a rule removed.
inline constexpr const char* k_proposal_add = "add";
inline constexpr const char* k_proposal_remove = "remove";

struct Proposal {
    std::int64_t id = 0;
    std::string kind;           // k_proposal_add or k_proposal_remove
    std::string term;
    std::string policy, rule;   // policy id and rule id
    std::string reason;         // why, in the proposer's words
    std::string proposed_by;    // the person's address (or the login without a directory)
    std::int64_t proposed_at = 0;
    std::string status;         // open, adopted, rejected
    std::string decided_by;     // "" while open
    std::int64_t decided_at = 0;  // 0 while open
    std::string note;           // the decision's note
    int votes_for = 0, votes_against = 0;  // the tally when read
};

struct Vote {
    std::int64_t proposal_id = 0;
    std::string person;
    bool in_favour = false;
    std::int64_t at = 0;
    std::string comment;
};

struct ProposalFilter {
    std::int64_t id = 0;        // 0: any
    std::string status;         // "": any
};

// Adds an open proposal and returns it with its id. Fails with Errc::conflict when an open
// proposal already asks for the same change (same kind, policy, rule and term), naming it.
// With `proposer_votes` the proposer's vote for it is recorded in the same transaction.
Result<Proposal> add_proposal(Db& db, Proposal p, bool proposer_votes);

// The proposals the filter selects, oldest first, each with its tally.
Result<std::vector<Proposal>> list_proposals(Db& db, const ProposalFilter& filter);

// One proposal with its tally; Errc::not_found when there is none with that id.
Result<Proposal> get_proposal(Db& db, std::int64_t id);

// The votes on a proposal, in the order they were (last) cast.
Result<std::vector<Vote>> votes_of(Db& db, std::int64_t proposal_id);

// `person`'s vote on a proposal, if any.
Result<std::optional<Vote>> vote_of(Db& db, std::int64_t proposal_id, const std::string& person);

// Casts or changes `v.person`'s vote; returns the vote it replaced, if any. Only an open
// proposal takes votes (Errc::conflict otherwise; Errc::not_found for an unknown id).
Result<std::optional<Vote>> cast_vote(Db& db, const Vote& v);

// Adopts (`adopt`) or rejects an open proposal and returns it as decided. Errc::conflict
// when it is no longer open, Errc::not_found for an unknown id.
Result<Proposal> decide_proposal(Db& db, std::int64_t id, bool adopt, const std::string& by,
                                 const std::string& note, std::int64_t at);

} // namespace ms
