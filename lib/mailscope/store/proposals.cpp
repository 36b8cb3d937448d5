// Proposals, votes and decisions in the case database (see proposals.hpp). A vote is +1 (for)
// or -1 (against) in `votes.vote`; the tally is counted from the rows when read, never stored.
#include "mailscope/store/proposals.hpp"

namespace ms {

namespace {

constexpr const char* k_select =
    "SELECT p.id, p.kind, p.term, p.policy, p.rule, p.reason, p.proposed_by, p.proposed_at, "
    "p.status, p.decided_by, COALESCE(p.decided_at, 0), p.note, "
    "COALESCE(SUM(v.vote > 0), 0), COALESCE(SUM(v.vote < 0), 0) "
    "FROM proposals p LEFT JOIN votes v ON v.proposal_id = p.id "
    "WHERE (?1 = 0 OR p.id = ?1) AND (?2 = '' OR p.status = ?2) "
    "GROUP BY p.id ORDER BY p.id";

Proposal read_row(const Stmt& st) {
    Proposal p;
    p.id = st.int64(0);
    p.kind = st.text(1);
    p.term = st.text(2);
    p.policy = st.text(3);
    p.rule = st.text(4);
    p.reason = st.text(5);
    p.proposed_by = st.text(6);
    p.proposed_at = st.int64(7);
    p.status = st.text(8);
    p.decided_by = st.text(9);
    p.decided_at = st.int64(10);
    p.note = st.text(11);
    p.votes_for = static_cast<int>(st.int64(12));
    p.votes_against = static_cast<int>(st.int64(13));
    return p;
}

Vote read_vote(const Stmt& st) {
    Vote v;
    v.proposal_id = st.int64(0);
    v.person = st.text(1);
    v.in_favour = st.int64(2) > 0;
    v.at = st.int64(3);
    v.comment = st.text(4);
    return v;
}

Result<void> insert_vote(Db& db, const Vote& v) {
    MS_TRY_ASSIGN(st, db.prepare("INSERT INTO votes(proposal_id, person, vote, at, comment) "
                                 "VALUES (?,?,?,?,?) ON CONFLICT(proposal_id, person) DO UPDATE "
                                 "SET vote = excluded.vote, at = excluded.at, "
                                 "comment = excluded.comment"));
    st.bind(1, v.proposal_id).bind(2, v.person).bind(3, v.in_favour ? 1 : -1).bind(4, v.at)
        .bind(5, v.comment);
    return st.run();
}

} // namespace

Result<Proposal> add_proposal(Db& db, Proposal p, bool proposer_votes) {
    if (p.kind != k_proposal_add && p.kind != k_proposal_remove)
        return fail(Errc::internal, "unknown kind of proposal '" + p.kind + "'");
    if (p.term.empty() || p.policy.empty() || p.rule.empty() || p.proposed_by.empty() ||
        p.reason.empty())
        return fail(Errc::internal, "a proposal needs a term, a rule, a proposer and a reason");
    MS_TRY_ASSIGN(tx, Transaction::begin(db));
    MS_TRY_ASSIGN(same, db.prepare("SELECT id FROM proposals WHERE status = 'open' AND kind = ? "
                                   "AND policy = ? AND rule = ? AND term = ? ORDER BY id LIMIT 1"));
    same.bind(1, p.kind).bind(2, p.policy).bind(3, p.rule).bind(4, p.term);
    MS_TRY_ASSIGN(dup, same.step());
    if (dup) {
        std::string id = std::to_string(same.int64(0));
        return fail(Errc::conflict,
                    "proposal " + id + " already proposes to " + p.kind + " \"" + p.term +
                        "\" (" + p.policy + "/" + p.rule + ") and is open",
                    "vote on it: mailscope policy vote " + id + " --for");
    }
    MS_TRY_ASSIGN(ins, db.prepare("INSERT INTO proposals(kind, term, policy, rule, reason, "
                                  "proposed_by, proposed_at, status) VALUES (?,?,?,?,?,?,?,'open')"));
    ins.bind(1, p.kind).bind(2, p.term).bind(3, p.policy).bind(4, p.rule).bind(5, p.reason)
        .bind(6, p.proposed_by).bind(7, p.proposed_at);
    MS_TRY(ins.run());
    p.id = db.last_insert_rowid();
    p.status = "open";
    p.decided_by.clear();
    p.decided_at = 0;
    p.note.clear();
    p.votes_for = p.votes_against = 0;
    if (proposer_votes) {
        MS_TRY(insert_vote(db, Vote{p.id, p.proposed_by, true, p.proposed_at, ""}));
        p.votes_for = 1;
    }
    MS_TRY(tx.commit());
    return p;
}

Result<std::vector<Proposal>> list_proposals(Db& db, const ProposalFilter& filter) {
    MS_TRY_ASSIGN(st, db.prepare(k_select));
    st.bind(1, filter.id).bind(2, filter.status);
    std::vector<Proposal> out;
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        out.push_back(read_row(st));
    }
    return out;
}

Result<Proposal> get_proposal(Db& db, std::int64_t id) {
    ProposalFilter f;
    f.id = id;
    MS_TRY_ASSIGN(rows, list_proposals(db, f));
    if (id <= 0 || rows.empty())
        return fail(Errc::not_found, "no proposal " + std::to_string(id) + " in the case",
                    "list them with mailscope policy proposals");
    return rows.front();
}

Result<std::vector<Vote>> votes_of(Db& db, std::int64_t proposal_id) {
    MS_TRY_ASSIGN(st, db.prepare("SELECT proposal_id, person, vote, at, comment FROM votes "
                                 "WHERE proposal_id = ? ORDER BY at, person"));
    st.bind(1, proposal_id);
    std::vector<Vote> out;
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        out.push_back(read_vote(st));
    }
    return out;
}

Result<std::optional<Vote>> vote_of(Db& db, std::int64_t proposal_id, const std::string& person) {
    MS_TRY_ASSIGN(st, db.prepare("SELECT proposal_id, person, vote, at, comment FROM votes "
                                 "WHERE proposal_id = ? AND person = ?"));
    st.bind(1, proposal_id).bind(2, person);
    MS_TRY_ASSIGN(row, st.step());
    if (!row) return std::optional<Vote>();
    return std::optional<Vote>(read_vote(st));
}

Result<std::optional<Vote>> cast_vote(Db& db, const Vote& v) {
    if (v.person.empty()) return fail(Errc::internal, "a vote needs a person");
    MS_TRY_ASSIGN(tx, Transaction::begin(db));
    MS_TRY_ASSIGN(p, get_proposal(db, v.proposal_id));
    if (p.status != "open")
        return fail(Errc::conflict,
                    "proposal " + std::to_string(p.id) + " is " + p.status +
                        ": only an open proposal takes votes",
                    "see the open ones with mailscope policy proposals --status open");
    MS_TRY_ASSIGN(before, vote_of(db, v.proposal_id, v.person));
    MS_TRY(insert_vote(db, v));
    MS_TRY(tx.commit());
    return before;
}

Result<Proposal> decide_proposal(Db& db, std::int64_t id, bool adopt, const std::string& by,
                                 const std::string& note, std::int64_t at) {
    if (by.empty()) return fail(Errc::internal, "a decision needs the person who takes it");
    MS_TRY_ASSIGN(p, get_proposal(db, id));
    if (p.status != "open")
        return fail(Errc::conflict,
                    "proposal " + std::to_string(id) + " is already " + p.status +
                        (p.decided_by.empty() ? "" : " (by " + p.decided_by + ")"),
                    "a decision is final; propose the change again to reopen the question");
    // The status test in the UPDATE keeps a decision final even between two processes.
    MS_TRY_ASSIGN(st, db.prepare("UPDATE proposals SET status = ?, decided_by = ?, "
                                 "decided_at = ?, note = ? WHERE id = ? AND status = 'open'"));
    st.bind(1, adopt ? "adopted" : "rejected").bind(2, by).bind(3, at).bind(4, note).bind(5, id);
    MS_TRY(st.run());
    if (db.changes() != 1)
        return fail(Errc::conflict, "proposal " + std::to_string(id) + " was decided meanwhile");
    return get_proposal(db, id);
}

} // namespace ms
