// Proposed terms as output records, and who sees what of them (mailscope-policy(1),
// PROPOSALS), shared by policy propose, vote, proposals, adopt and reject.
//
// Votes are a secret ballot: the tally is for everyone who may see proposals, but who voted
// how is for compliance only (it decides, and must be able to see a campaign or a conflict of
// interest). Employees and managers see their own vote and nobody else's, so that a manager
// cannot read how the team voted. The proposer's name is public (a proposal is a signed
// request, like an appeal); which compliance officer decided is for compliance and auditors.
#pragma once

#include "cli.hpp"
#include "printer.hpp"

#include "mailscope/policy/policy.hpp"
#include "mailscope/store/proposals.hpp"

#include <optional>

namespace ms::cli {

// The person acting, as proposals and votes record them: the directory address, or the OS
// login in a case without a directory.
std::string acting_person(const Context& ctx);

// Whether the viewer sees who voted how (compliance; the owner of a case without directory).
bool sees_voters(const Context& ctx);
// Whether the viewer sees who decided (compliance and auditors; the owner without directory).
bool sees_decider(const Context& ctx);

// "for" or "against".
const char* vote_name(bool in_favour);

// A proposal as a record (mailscope-policy(1), JSON OUTPUT), as the viewer may see it;
// `mine` is the viewer's own vote.
Record proposal_record(const Context& ctx, const Proposal& p, const std::optional<Vote>& mine);
const std::vector<std::string>& proposal_csv_columns();
// One proposal per line (a second, indented line for a decision).
void proposal_text_line(std::ostream& out, const Record& r);

// What a proposal asks, in words: add "十年包换" to sales-zh/lifetime-warranty.
std::string proposal_summary(const Proposal& p);

// The rule POLICY/RULE among the case's policies (CASE/policies/*.toml), with its policy;
// a usage or not-found error naming what exists otherwise.
struct RuleRef {
    Policy policy;
    Rule rule;
};
Result<RuleRef> find_case_rule(const Context& ctx, const std::string& policy_slash_rule);

} // namespace ms::cli
