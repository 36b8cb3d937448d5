// The phrase library's results in the case: flags (one per finding), which messages a
// rule-set version has scanned, the notification queue compliance reads, and retained mail.
#pragma once

#include "mailscope/store/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ms {

struct FlagRow {
    std::int64_t id = 0;
    std::int64_t message_id = 0;
    std::string policy, rule, tier, category, field;
    std::uint32_t start = 0, end = 0;  // byte offsets in the field's decoded text
    std::string matched, snippet;
    std::string version;               // of the rule set that found it
    std::string status;                // open, allowed; appealed, confirmed, dismissed, escalated
    std::int64_t created_at = 0;
    bool notified = false;
    bool retained = false;             // the message is on hold (a retain rule hit it)
    std::optional<double> fp_score;    // the context model's P(false positive); none: unscored
    bool likely_fp = false;            // scored a likely false positive: kept, back of the queue
};

class FlagWriter {
public:
    static Result<FlagWriter> create(Db& db);
    // Drops the unreviewed flags another rule-set version of the same policies (a JSON array
    // of policy ids; "*": any policy) left on this message, with their notifications.
    Result<void> replace_stale(std::int64_t message_id, const std::string& version,
                               const std::string& policies_json = "*");
    // Stores a flag; the same finding stored again (a repeated scan) is not duplicated.
    // Returns true when it was new. A finding whose flag from another rule-set version is
    // under review (status not open/allowed) keeps that flag: nothing is added.
    Result<bool> add(FlagRow& f, bool notify, bool retain);
    Result<void> mark_scanned(std::int64_t message_id, const std::string& version, bool personal,
                              int flags, std::int64_t now);

private:
    explicit FlagWriter(Db& db) : m_db(&db) {}
    Db* m_db;
    Stmt m_stale, m_stale_notes, m_insert, m_find, m_reviewed, m_notify, m_retain, m_scanned;
};

// Messages this version has not scanned yet, in id order, after `after`.
Result<std::vector<std::int64_t>> unscanned_messages(Db& db, const std::string& version,
                                                     std::int64_t after, std::size_t limit);

struct FlagFilter {
    std::string version;   // "" = any
    std::string status;    // "" = any
    std::string min_tier;  // "" = any; else allowed < approval < forbidden
    std::string rule, category;
    std::int64_t message_id = 0;
    std::int64_t flag_id = 0;  // one flag
};
Result<std::vector<FlagRow>> list_flags(Db& db, const FlagFilter& filter);
// The same, one flag at a time: listing a million flags takes no more memory than one.
Result<void> for_each_flag(Db& db, const FlagFilter& filter,
                           const std::function<Result<void>(const FlagRow&)>& fn);

struct ScanCounts {
    std::uint64_t scanned = 0, personal = 0, flagged_messages = 0;
};
Result<ScanCounts> scan_counts(Db& db, const std::string& version);

// Flags of a version counted by tier and category, without loading them.
struct FlagTally {
    std::string tier, category;
    std::uint64_t count = 0;
};
Result<std::vector<FlagTally>> tally_flags(Db& db, const std::string& version);

int tier_rank(const std::string& tier);

// Stores the context model's score of a flag (none: clears it).
Result<void> set_flag_score(Db& db, std::int64_t flag_id, std::optional<double> score,
                            bool likely_fp);

// One step of a flag's review: an employee's appeal or compliance's decision.
struct ReviewRow {
    std::int64_t id = 0, flag_id = 0, at = 0;
    std::string person, role;  // who took the step
    std::string action;        // appeal, confirm, dismiss, escalate
    std::string note;          // the reason or note given
    std::string status;        // the flag's status after the step
};

// The status a review action leaves a flag in ("appeal" -> "appealed", ...), or "".
std::string status_after(const std::string& action);
// Records the step and sets the flag's status, in one transaction.
Result<ReviewRow> add_review(Db& db, ReviewRow r);
Result<std::vector<ReviewRow>> reviews_of(Db& db, std::int64_t flag_id);

} // namespace ms
