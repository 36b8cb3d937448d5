// Writes messages, their raw bytes and their locations into the case. The importer decides
// what to write; this class only knows the tables. Call inside a Transaction.
#pragma once

#include "mailscope/mime/message.hpp"
#include "mailscope/store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace ms {

struct LocationRow {
    std::int64_t evidence_id = 0;
    std::string locator;
    std::string folder;
    std::string custodian;
    std::uint32_t flags = 0;
    std::string message_id;  // this copy's Message-ID header: copies may differ
    std::int64_t blob_id = 0;
};

class MessageWriter {
public:
    static Result<MessageWriter> create(Db& db);

    // The message stored under this dedup key, if any.
    Result<std::optional<std::int64_t>> find_message(const std::string& content_key);
    // Stores raw bytes once per distinct SHA-256 (zstd-compressed); returns the blob id.
    Result<std::int64_t> ensure_blob(std::string_view raw);
    // `evidence_id`: where the message was first found (its "new in" evidence).
    Result<std::int64_t> insert_message(const std::string& content_key, std::int64_t blob_id,
                                        const Message& m, std::uint64_t size,
                                        std::uint32_t flags, std::int64_t now,
                                        std::int64_t evidence_id);
    // false when this (evidence, locator) was already recorded. A new location of a known
    // message merges its flags and queues the message for re-indexing (folder terms change).
    Result<bool> add_location(std::int64_t message_id, const LocationRow& loc);
    Result<void> add_problem(std::int64_t evidence_id, const std::string& locator,
                             const std::string& reason, bool skipped,
                             std::optional<std::int64_t> blob_id);

private:
    explicit MessageWriter(Db& db) : m_db(&db) {}
    Db* m_db;
    Stmt m_insert_text;
    Stmt m_find, m_find_blob, m_insert_blob, m_insert_msg, m_insert_rcpt, m_insert_att,
        m_insert_loc, m_merge_flags, m_queue, m_insert_problem;
};

} // namespace ms
