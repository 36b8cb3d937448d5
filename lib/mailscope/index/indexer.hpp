// Brings the Xapian index up to date with the case, incrementally: messages queued in
// pending_index are (re)indexed in batches; each batch is committed to Xapian before it is
// removed from the queue, so an interrupted run repeats at most one batch.
#pragma once

#include "mailscope/index/shards.hpp"
#include "mailscope/store/case.hpp"

#include "mailscope/util/progress.hpp"

#include <cstdint>

namespace ms {

using IndexProgress = CountProgress;
using IndexProgressFn = CountProgressFn;

struct IndexOptions {
    std::size_t batch = 1000;  // documents per Xapian commit (memory vs speed, LIBNOTES §1)
    bool rebuild = false;      // queue every message first
    int shards = 0;            // > 0: lay the index out in this many shards first (1: unsharded)
    ShardBy shard_by = ShardBy::custodian;
};

struct IndexStats {
    std::uint64_t indexed = 0;
    double seconds = 0;
    bool resharded = false;    // the layout changed, so everything was indexed again
};

Result<IndexStats> update_index(Case& c, const IndexOptions& opts, const IndexProgressFn& progress);

} // namespace ms
