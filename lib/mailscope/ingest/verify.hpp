// Evidence integrity: re-hashes the evidence sources still reachable and every stored message,
// and reports each difference from what import recorded. Reads only; sources are opened
// read-only, as import opens them.
#pragma once

#include "mailscope/store/case.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ms {

struct VerifyOptions {
    bool evidence = true;   // re-hash the sources (files: SHA-256 and size; folders: manifest)
    bool messages = true;   // decompress and re-hash every blob; check references
};

// One thing that is not as recorded. `difference` is false for notes that do not make the
// case suspect (a source no longer at its path, an older hash of a source imported again,
// an index out of step with the messages: derived data that `mailscope index` rebuilds).
struct VerifyFinding {
    std::string kind;        // evidence, file (inside a folder source), blob, message, location, index
    std::int64_t id = 0;     // evidence, blob, message or location id (0 for files and the index)
    std::string item;        // the evidence path, path/locator, or a short description
    std::string problem;     // missing, modified, size-changed, added, superseded, unreadable,
                             // corrupt, hash-mismatch, size-mismatch, dangling, count-mismatch
    std::string expected;    // what was recorded (hash, size, count); "" when not applicable
    std::string found;       // what is there now; "" when nothing was found
    bool difference = true;
};

struct VerifyReport {
    std::uint64_t evidence = 0;          // evidence rows looked at
    std::uint64_t evidence_ok = 0;       // re-hashed and matching
    std::uint64_t evidence_missing = 0;  // no longer at their recorded path
    std::uint64_t evidence_bytes = 0;    // bytes of evidence re-read
    std::uint64_t blobs = 0, blob_bytes = 0;  // blobs re-hashed and their raw bytes
    std::uint64_t messages = 0, locations = 0;
    bool index_checked = false;
    std::uint64_t index_docs = 0;
    std::vector<VerifyFinding> findings;
    std::uint64_t differences() const;
};

struct VerifyProgress {
    std::string stage;          // "evidence", "blobs"
    std::string item;           // the evidence path being hashed
    std::uint64_t done = 0, total = 0;
};
using VerifyProgressFn = std::function<void(const VerifyProgress&)>;

Result<VerifyReport> verify_case(Case& c, const VerifyOptions& opts,
                                 const VerifyProgressFn& progress = {});

} // namespace ms
