// Conversation threads: References / In-Reply-To first, the subject as a fallback.
//
// Threads are derived data, recomputed over the whole case after an import, so the result
// depends only on the set of stored messages and their ids (never on import batches). A
// thread's id is the smallest message id in it.
#pragma once

#include "mailscope/store/case.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ms {

// The subject without reply/forward prefixes ("Re:", "回复：", "Fwd:", "[list]"), lower-cased.
// `is_reply` tells whether such a prefix was removed.
std::string base_subject(std::string_view subject, bool* is_reply = nullptr);

struct ThreadInput {
    std::int64_t id = 0;
    std::string message_id;
    std::vector<std::string> other_ids;  // Message-IDs of other copies (deduplicated)
    std::vector<std::string> parents;  // In-Reply-To then References
    std::string subject;
    std::int64_t date = 0;             // 0 when unknown
    std::string from;
    std::vector<std::string> recipients;
};

// Thread id per input (same order). Pure function: unit-testable without a case.
std::vector<std::int64_t> compute_threads(const std::vector<ThreadInput>& msgs);

struct ThreadStats {
    std::uint64_t messages = 0, changed = 0, threads = 0;
    bool skipped = false;  // nothing new since the last run
};

// Recomputes threads when messages were added since the last run; changed messages are
// queued for re-indexing.
Result<ThreadStats> update_threads(Case& c);

} // namespace ms
