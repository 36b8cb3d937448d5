// Evidence: each source given to `import`, with its hash, size and the outcome of reading it.
#pragma once

#include "mailscope/store/sqlite.hpp"

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

namespace ms {

struct EvidenceRow {
    std::int64_t id = 0;
    std::string path;        // absolute
    std::string format;      // mbox, maildir, tree, eml, pst
    std::string kind;        // file, directory
    std::uint64_t size = 0;
    std::string sha256;      // hex; for directories the manifest hash (see mailscope-import(1))
    std::int64_t mtime = 0;
    std::string custodian;
    std::string operator_name;
    std::string tool_version;
    std::int64_t started_at = 0;
    std::int64_t finished_at = 0;
    std::string status;      // importing, complete, partial, failed
    std::uint64_t messages = 0, new_messages = 0, failures = 0, skipped = 0;
    std::string error;
};

Result<std::int64_t> insert_evidence(Db& db, const EvidenceRow& e);
Result<void> finish_evidence(Db& db, const EvidenceRow& e);
// The newest evidence row for this path (and hash, when `sha256` is not empty).
Result<std::optional<EvidenceRow>> find_evidence(Db& db, const std::string& path,
                                                 const std::string& sha256);
Result<std::vector<EvidenceRow>> list_evidence(Db& db);
// Every locator already stored (messages and problems) for an evidence: resume skips them.
Result<std::unordered_set<std::string>> stored_locators(Db& db, std::int64_t evidence_id);
// SHA-256 over "blob-sha256  locator\n" of every location, ordered by locator.
Result<std::string> manifest_hash(Db& db, std::int64_t evidence_id);

} // namespace ms
