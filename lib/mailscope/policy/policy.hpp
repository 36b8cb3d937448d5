// Phrase libraries (policies/*.toml, mailscope-policy(5)): rules in three tiers, scoped by
// role, department and direction, with proximity, exceptions, actions and worked examples.
#pragma once

#include "mailscope/org/directory.hpp"

#include <string>
#include <vector>

namespace ms {

enum class Tier { allowed = 0, approval = 1, forbidden = 2 };
const char* tier_name(Tier t);
std::optional<Tier> parse_tier(std::string_view s);

// Which way a message goes, seen from the company (the directory's work domains).
enum class Direction { outbound, inbound, internal, external };
const char* direction_name(Direction d);
std::optional<Direction> parse_direction(std::string_view s);

struct Scope {
    std::vector<Role> roles;              // of the sender; empty: anyone
    std::vector<std::string> departments; // of the sender; empty: any
    std::vector<Direction> directions;    // empty: any
};

struct Rule {
    std::string policy;        // id of the policy that holds it
    std::string id;
    Tier tier = Tier::approval;
    std::string category;
    std::string description;
    std::vector<std::string> terms;     // literal phrases (normalised before matching)
    std::vector<std::string> regexes;   // Hyperscan/PCRE syntax, over normalised text
    std::vector<std::string> near;      // when set, a hit needs one of these nearby
    int near_within = 30;               // characters between the two
    std::vector<std::string> exceptions;// phrases that cancel a hit just before it
    int exception_window = 20;          // characters before the hit searched for exceptions
    bool skip_quoted = true;            // hits in "> " quoted lines do not count
    bool skip_forwarded = true;         // nor hits below a forwarded/original-message marker
    Scope scope;
    bool notify = false;                // action: a notification for compliance
    bool retain = false;                // action: the message is kept (legal hold)
    int line = 0;
};

struct Example {
    std::string text;
    std::vector<std::string> expect;    // rule ids that must hit; empty: none may
    std::string from;                   // sender address, for scoped rules (optional)
    std::vector<std::string> to;        // recipients, for direction scopes (optional)
    int line = 0;
};

struct Policy {
    std::string path;
    std::string sha256;
    std::string id, name, description;
    bool traditional = false;           // fold Traditional Chinese to Simplified first
    std::vector<Rule> rules;
    std::vector<Example> examples;
};

// Parses and validates a policy file; every problem is appended with its line.
Result<Policy> load_policy(const std::string& path, std::vector<FileProblem>& problems);
// The same for `text` given as the content of `path` (which is not read).
Result<Policy> load_policy_text(const std::string& path, std::string text,
                                std::vector<FileProblem>& problems);

} // namespace ms
