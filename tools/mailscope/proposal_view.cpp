#include "proposal_view.hpp"

#include "mailscope/policy/config.hpp"
#include "mailscope/policy/policy_edit.hpp"
#include "mailscope/util/time.hpp"

#include <ostream>

namespace ms::cli {

std::string acting_person(const Context& ctx) {
    const Viewer& v = ctx.access->viewer();
    return v.person ? v.person->email : v.login;
}

bool sees_voters(const Context& ctx) {
    const Viewer& v = ctx.access->viewer();
    return !v.restricted || v.role == Role::compliance;
}

bool sees_decider(const Context& ctx) {
    const Viewer& v = ctx.access->viewer();
    return !v.restricted || v.role == Role::compliance || v.role == Role::auditor;
}

const char* vote_name(bool in_favour) { return in_favour ? "for" : "against"; }

Record proposal_record(const Context& ctx, const Proposal& p, const std::optional<Vote>& mine) {
    Record r;
    r["id"] = p.id;
    r["status"] = p.status;
    r["kind"] = p.kind;
    r["term"] = p.term;
    r["policy"] = p.policy;
    r["rule"] = p.rule;
    r["for"] = p.votes_for;
    r["against"] = p.votes_against;
    r["proposed_by"] = p.proposed_by;
    r["proposed_at"] = iso8601_utc(p.proposed_at);
    r["reason"] = p.reason;
    r["decided_at"] = p.decided_at ? Record(iso8601_utc(p.decided_at)) : Record();
    if (sees_decider(ctx)) r["decided_by"] = p.decided_by;
    r["note"] = p.note;
    r["my_vote"] = mine ? Record(vote_name(mine->in_favour)) : Record();
    return r;
}

const std::vector<std::string>& proposal_csv_columns() {
    static const std::vector<std::string> cols = {
        "id", "status", "kind", "term", "policy", "rule", "for", "against", "proposed_by",
        "proposed_at", "reason", "decided_by", "decided_at", "note", "my_vote", "votes"};
    return cols;
}

void proposal_text_line(std::ostream& out, const Record& r) {
    out << r["id"].get<std::int64_t>() << "  " << r["status"].get<std::string>() << "  "
        << r["kind"].get<std::string>() << " " << toml_quote(r["term"].get<std::string>())
        << "  " << r["policy"].get<std::string>() << "/" << r["rule"].get<std::string>() << "  "
        << r["for"].get<int>() << " for, " << r["against"].get<int>() << " against  by "
        << r["proposed_by"].get<std::string>() << ": " << r["reason"].get<std::string>();
    if (r["my_vote"].is_string()) out << "  (you voted " << r["my_vote"].get<std::string>() << ")";
    out << "\n";
    if (r["decided_at"].is_string()) {
        out << "    " << r["status"].get<std::string>() << " "
            << r["decided_at"].get<std::string>().substr(0, 10);
        if (r.contains("decided_by")) out << " by " << r["decided_by"].get<std::string>();
        out << ": " << r["note"].get<std::string>() << "\n";
    }
}

std::string proposal_summary(const Proposal& p) {
    return p.kind == k_proposal_add
               ? "add " + toml_quote(p.term) + " to " + p.policy + "/" + p.rule
               : "remove " + toml_quote(p.term) + " from " + p.policy + "/" + p.rule;
}

Result<RuleRef> find_case_rule(const Context& ctx, const std::string& policy_slash_rule) {
    std::size_t slash = policy_slash_rule.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == policy_slash_rule.size() ||
        policy_slash_rule.find('/', slash + 1) != std::string::npos)
        return fail(Errc::usage, "--rule takes POLICY/RULE, not '" + policy_slash_rule + "'",
                    "for example: --rule sales-zh/lifetime-warranty (see mailscope policy list)");
    std::string pid = policy_slash_rule.substr(0, slash), rid = policy_slash_rule.substr(slash + 1);
    std::vector<FileProblem> problems;
    auto cfg = load_config(ConfigSources{ctx.case_dir, "", {}}, problems);
    if (!cfg) {
        Error e = std::move(cfg).error();
        if (!problems.empty()) e.message += ": " + format_problem(problems.front());
        return fail(std::move(e));
    }
    std::string ids;
    for (auto& p : cfg->policies) {
        ids += (ids.empty() ? "" : ", ") + p.id;
        if (p.id != pid) continue;
        std::string rules;
        for (auto& r : p.rules) {
            if (r.id == rid) {
                Rule rule = r;
                return RuleRef{std::move(p), std::move(rule)};
            }
            rules += (rules.empty() ? "" : ", ") + r.id;
        }
        return fail(Errc::not_found, "no rule '" + rid + "' in policy '" + pid + "'",
                    "its rules: " + rules);
    }
    return fail(Errc::not_found, "no policy '" + pid + "' in the case",
                "the case's policies: " + ids);
}

} // namespace ms::cli
