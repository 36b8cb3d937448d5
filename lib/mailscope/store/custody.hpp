// The chain of custody: who handled each evidence source, when, where and with what result.
// Import appends one entry per source per run; nothing updates or deletes entries.
#pragma once

#include "mailscope/store/sqlite.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ms {

struct CustodyEntry {
    std::int64_t id = 0;
    std::int64_t at = 0;            // epoch seconds, UTC
    std::int64_t evidence_id = 0;   // 0: the source was never recorded as evidence
    std::string action;             // import, re-import, resume, already-imported
    std::string login;              // the OS login that ran mailscope
    std::string person;             // the directory person acted as (--as), or ""
    std::string host;               // gethostname()
    std::string tool_version;
    std::string command;            // the command line, as given
    std::string path, format, kind;
    std::uint64_t size = 0;
    std::string sha256;             // hex, as seen in this run (folders: the manifest hash)
    std::string outcome;            // the evidence status after the run
};

Result<std::int64_t> append_custody(Db& db, const CustodyEntry& e);
// Every entry in order; only those of one evidence when `evidence_id` is not 0.
Result<std::vector<CustodyEntry>> list_custody(Db& db, std::int64_t evidence_id = 0);

// This machine's host name ("" when it cannot be read).
std::string host_name();

} // namespace ms
