#include "mailscope/index/indexer.hpp"

#include "mailscope/index/document.hpp"
#include "mailscope/index/shards.hpp"
#include "mailscope/index/xapian_error.hpp"
#include "mailscope/store/reader.hpp"
#include "mailscope/util/bounded_queue.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <xapian.h>

namespace ms {

namespace {

// The Xapian writer runs on a thread of its own. Building a document (reading the case,
// parsing, term generation) and writing it (postings, B-tree merges) each take about half
// the time, and on the two vCPUs of our machines they overlap: two indexers side by side take
// 1.05x the time of one. Documents are handed over, never shared; only this thread touches
// the WritableDatabase, and only the calling thread touches SQLite.
class Writer {
public:
    Writer(Xapian::WritableDatabase db, std::string where)
        : m_db(std::move(db)), m_where(std::move(where)), m_queue(256) {
        m_thread = std::thread([this] { run(); });
    }
    ~Writer() { stop(); }

    // Queues a document; blocks while the queue is full. False once the writer has failed.
    bool add(std::int64_t id, Xapian::Document doc) {
        return m_queue.push(Item{id, std::move(doc), -1});
    }
    // Asks for a commit of everything queued so far, tagged `batch`.
    bool commit(int batch) { return m_queue.push(Item{0, {}, batch}); }
    // Batches committed since the last call.
    std::vector<int> committed() {
        std::lock_guard<std::mutex> lock(m_mu);
        return std::exchange(m_committed, {});
    }
    // Waits for the queue to drain and the thread to end; the first Xapian error, if any.
    std::optional<Error> stop() {
        m_queue.close();
        if (m_thread.joinable()) m_thread.join();
        std::lock_guard<std::mutex> lock(m_mu);
        return m_error;
    }

private:
    struct Item {
        std::int64_t id;
        Xapian::Document doc;
        int batch; // >= 0: a commit request
    };

    void run() {
        while (std::optional<Item> item = m_queue.pop()) {
            try {
                if (item->batch >= 0) {
                    m_db.commit();
                    std::lock_guard<std::mutex> g(m_mu);
                    m_committed.push_back(item->batch);
                } else {
                    // The Xapian docid is the case id: results map back without a lookup.
                    m_db.replace_document(static_cast<Xapian::docid>(item->id), item->doc);
                }
            } catch (const Xapian::Error& e) {
                {
                    std::lock_guard<std::mutex> g(m_mu);
                    m_error = xapian_error(e, m_where);
                }
                m_queue.close(); // the producer's next add() returns false
                m_queue.clear();
                break;
            }
        }
        try {
            m_db.close();
        } catch (const Xapian::Error&) {
        }
    }

    Xapian::WritableDatabase m_db;
    std::string m_where;
    BoundedQueue<Item> m_queue;
    std::thread m_thread;
    std::mutex m_mu;
    std::vector<int> m_committed;
    std::optional<Error> m_error;
};

} // namespace

namespace {

// One writer per shard: a local folder, or a remote shard served writable.
Result<std::vector<std::unique_ptr<Writer>>> open_writers(Case& c, const ShardLayout& layout) {
    std::vector<std::unique_ptr<Writer>> writers;
    if (!layout.sharded()) {
        try {
            writers.push_back(std::make_unique<Writer>(
                Xapian::WritableDatabase(c.index_dir(), Xapian::DB_CREATE_OR_OPEN), c.index_dir()));
        } catch (const Xapian::Error& e) {
            return fail(xapian_error(e, c.index_dir()));
        }
        return writers;
    }
    std::error_code ec;
    std::filesystem::create_directories(c.dir() + "/shards", ec);
    for (const Shard& s : layout.shards) {
        std::string where = describe_shard(c, s);
        try {
            if (s.remote.empty()) {
                writers.push_back(std::make_unique<Writer>(
                    Xapian::WritableDatabase(shard_dir(c, s.number), Xapian::DB_CREATE_OR_OPEN),
                    where));
            } else {
                MS_TRY_ASSIGN(hp, parse_host_port(s.remote));
                auto t = static_cast<unsigned>(s.timeout_ms);
                writers.push_back(std::make_unique<Writer>(
                    Xapian::Remote::open_writable(hp.first, static_cast<unsigned>(hp.second), t, t),
                    where));
            }
        } catch (const Xapian::Error& e) {
            Error err = xapian_error(e, where);
            if (!s.remote.empty())
                err.hint = "new mail is written to a remote shard through its server: run "
                           "`mailscope serve-shard DIR --writable` there";
            return fail(std::move(err));
        }
    }
    return writers;
}

// Whether any local part of the index is missing (never built, or deleted to get rid of a
// damaged one): then everything is indexed again.
bool index_missing(const Case& c, const ShardLayout& layout) {
    std::error_code ec;
    if (!layout.sharded()) return !std::filesystem::exists(c.index_dir() + "/iamglass", ec);
    for (const Shard& s : layout.shards)
        if (s.remote.empty() && !std::filesystem::exists(shard_dir(c, s.number) + "/iamglass", ec))
            return true;
    return false;
}

} // namespace

Result<IndexStats> update_index(Case& c, const IndexOptions& opts,
                                const IndexProgressFn& progress) {
    auto t0 = std::chrono::steady_clock::now();
    Db& db = c.db();
    IndexStats stats;
    if (opts.shards) {
        MS_TRY_ASSIGN(current, load_shards(db));
        int have = current.sharded() ? static_cast<int>(current.shards.size()) : 1;
        if (have != opts.shards || (opts.shards > 1 && current.by != opts.shard_by)) {
            MS_TRY_ASSIGN(planned, plan_shards(db, opts.shards, opts.shard_by));
            MS_TRY(reshard(c, planned));
            stats.resharded = true;
        }
    }
    MS_TRY_ASSIGN(layout, load_shards(db));
    // What a re-shard killed half-way left of the other layout.
    std::error_code ec;
    std::filesystem::remove_all(layout.sharded() ? c.index_dir() : c.dir() + "/shards", ec);
    if (opts.rebuild || index_missing(c, layout))
        MS_TRY(db.exec("INSERT OR IGNORE INTO pending_index SELECT id FROM messages"));

    MS_TRY_ASSIGN(count, db.prepare("SELECT count(*) FROM pending_index"));
    MS_TRY_ASSIGN(has, count.step());
    IndexProgress prog;
    prog.total = has ? static_cast<std::uint64_t>(count.int64(0)) : 0;
    count.reset();
    if (prog.total == 0) return stats;

    MS_TRY_ASSIGN(reader, MessageReader::create(db));
    MS_TRY_ASSIGN(router, ShardRouter::create(db, layout));
    MS_TRY_ASSIGN(next, db.prepare("SELECT message_id FROM pending_index WHERE message_id > ? "
                                   "ORDER BY message_id LIMIT ?"));
    MS_TRY_ASSIGN(done, db.prepare("DELETE FROM pending_index WHERE message_id=?"));

    MS_TRY_ASSIGN(writers, open_writers(c, layout));
    if (layout.sharded()) MS_TRY(write_stub(c, layout));
    auto stop_all = [&]() -> std::optional<Error> {
        std::optional<Error> first;
        for (auto& w : writers)
            if (std::optional<Error> e = w->stop(); e && !first) first = std::move(e);
        return first;
    };

    // Only once every shard has committed a batch does it leave the queue: a crash in between
    // re-indexes that batch, never loses it.
    std::map<int, std::vector<std::int64_t>> in_flight;
    std::map<int, std::size_t> commits;
    auto dequeue_committed = [&]() -> Result<void> {
        std::vector<int> ready;
        for (auto& w : writers)
            for (int b : w->committed())
                if (++commits[b] == writers.size()) ready.push_back(b);
        if (ready.empty()) return ok();
        MS_TRY_ASSIGN(tx, Transaction::begin(db));
        for (int b : ready) {
            for (std::int64_t id : in_flight[b]) {
                done.bind(1, id);
                MS_TRY(done.run());
            }
            in_flight.erase(b);
            commits.erase(b);
        }
        return tx.commit();
    };

    Xapian::TermGenerator tg;
    configure_term_generator(tg);
    std::int64_t last = 0;
    bool writer_failed = false;
    for (int batch = 0; !writer_failed; ++batch) {
        std::vector<std::int64_t> ids;
        next.bind(1, last).bind(2, static_cast<std::int64_t>(opts.batch));
        for (;;) {
            MS_TRY_ASSIGN(row, next.step());
            if (!row) break;
            ids.push_back(next.int64(0));
        }
        next.reset();
        if (ids.empty()) break;
        last = ids.back();

        for (std::int64_t id : ids) {
            MS_TRY_ASSIGN(summary, reader.summary(id, Detail::index));
            MS_TRY_ASSIGN(texts, reader.texts(id));
            MS_TRY_ASSIGN(shard, router.shard_of(id));
            Xapian::Document doc;
            build_document(tg, doc, summary, texts);
            if (!writers[static_cast<std::size_t>(shard)]->add(id, std::move(doc))) {
                writer_failed = true;
                break;
            }
            ++stats.indexed;
            ++prog.done;
            if (progress && prog.done % 64 == 0) progress(prog);
        }
        in_flight[batch] = std::move(ids);
        for (auto& w : writers)
            if (!writer_failed && !w->commit(batch)) writer_failed = true;
        MS_TRY(dequeue_committed());
    }
    if (std::optional<Error> err = stop_all()) return fail(std::move(*err));
    MS_TRY(dequeue_committed());
    if (progress) progress(prog);
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return stats;
}

} // namespace ms
