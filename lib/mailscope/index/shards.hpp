// A case's index as one Xapian database (CASE/index) or as shards (CASE/shards/NN, or a
// `mailscope serve-shard` server for a remote one) that are opened together and read as one.
// Each shard stores a message under its case id as the local docid; Xapian interleaves merged
// docids by shard order, so the case id comes back without a lookup (case_id_of).
#pragma once

#include "mailscope/store/case.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>
#include <xapian.h>

namespace ms {

enum class ShardBy { custodian, date };

const char* shard_by_name(ShardBy b);
std::optional<ShardBy> parse_shard_by(const std::string& s);

struct Shard {
    int number = 0;
    std::optional<std::int64_t> date_from;  // by date: first second held (none: open start)
    std::string remote;                     // host:port; empty: CASE/shards/NN
    int timeout_ms = 30000;                 // remote: connect and reply timeout
    std::vector<std::string> custodians;    // by custodian: whose mail it holds
};

struct ShardLayout {
    ShardBy by = ShardBy::custodian;
    std::vector<Shard> shards;  // empty: one unsharded index
    bool sharded() const { return !shards.empty(); }
};

Result<ShardLayout> load_shards(Db& db);

// N shards over the case's messages: by custodian, largest custodian first to the shard with
// the fewest messages; by date, cut where each shard gets an equal share of the messages.
Result<ShardLayout> plan_shards(Db& db, int n, ShardBy by);

// Replaces the case's index with an empty one laid out as `layout` (n == 1: CASE/index) and
// queues every message for indexing. Refused while a shard is remote.
Result<void> reshard(Case& c, const ShardLayout& layout);

// CASE/shards/XAPIANDB, a Xapian stub database listing the shards, so that Xapian's own
// tools (xapian-delve, quest) open a sharded index like any other.
Result<void> write_stub(Case& c, const ShardLayout& layout);

// Points a shard at a server (host:port) or back at its local folder.
Result<void> set_shard_remote(Case& c, int shard, const std::string& host_port, int timeout_ms);
Result<void> set_shard_local(Case& c, int shard);

std::string shard_dir(const Case& c, int shard);
std::string describe_shard(const Case& c, const Shard& s);  // "shard 1 (remote h:p)"

// One shard, for reading; errors name the shard.
Result<Xapian::Database> open_shard(Case& c, const Shard& s);
// Every shard opened as one database, for reading.
Result<Xapian::Database> open_index(Case& c, const ShardLayout& layout);

// The case id of a merged docid when `shards` databases are open together.
inline std::int64_t case_id_of(Xapian::docid merged, std::size_t shards) {
    return static_cast<std::int64_t>((merged - 1) / (shards ? shards : 1) + 1);
}

// Which shard a message goes to. A custodian first seen is given the shard holding the fewest
// messages so far, and that choice is stored, so a message always lands in the same shard.
class ShardRouter {
public:
    static Result<ShardRouter> create(Db& db, const ShardLayout& layout);
    Result<int> shard_of(std::int64_t message_id);

private:
    ShardRouter(Db& db, const ShardLayout& layout) : m_db(&db), m_layout(&layout) {}
    Db* m_db;
    const ShardLayout* m_layout;
    std::vector<std::pair<std::string, int>> m_custodians;  // sorted by name
    std::vector<std::int64_t> m_load;                       // messages per shard
    std::optional<Stmt> m_lookup;
};

// host:port with a port in 1..65535; the error names what is wrong.
Result<std::pair<std::string, int>> parse_host_port(const std::string& s);

} // namespace ms
