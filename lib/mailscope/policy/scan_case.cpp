#include "mailscope/policy/scan_case.hpp"

#include "mailscope/policy/config.hpp"
#include "mailscope/store/flags.hpp"
#include "mailscope/store/reader.hpp"
#include "mailscope/util/bounded_queue.hpp"
#include "mailscope/util/time.hpp"

#include <chrono>
#include <thread>

namespace ms {

namespace {

// One message ready to be evaluated: what the reader thread prepared.
struct Prepared {
    std::int64_t id = 0;
    Scene scene;
    std::vector<FieldText> fields;
};

// Reading and MIME-parsing run on a thread of their own, with their own read-only
// connection (WAL lets it read while the main connection writes flags): parsing is half of
// a scan's time and overlaps evaluation and writing on two CPUs.
class ReaderThread {
public:
    ReaderThread(std::string db_path, std::vector<std::int64_t> ids, const Directory* dir)
        : m_path(std::move(db_path)), m_ids(std::move(ids)), m_dir(dir), m_queue(64) {
        m_thread = std::thread([this] { run(); });
    }
    ~ReaderThread() { finish(); }

    std::optional<Prepared> next() { return m_queue.pop(); }
    // Stops reading (the consumer failed) and waits for the thread.
    void finish() {
        m_queue.close();
        if (m_thread.joinable()) m_thread.join();
    }
    const std::optional<Error>& error() const { return m_error; }

private:
    void run() {
        auto r = produce();
        if (!r) m_error = std::move(r).error();
        m_queue.close();
    }

    Result<void> produce() {
        MS_TRY_ASSIGN(db, Db::open(m_path, true));
        // One snapshot for the whole read: the WAL read lock is taken once, not per statement
        // (the messages it reads are not what the scan writes).
        MS_TRY(db.exec("PRAGMA cache_size=-4000; BEGIN"));
        MS_TRY_ASSIGN(reader, MessageReader::create(db));
        for (std::int64_t id : m_ids) {
            MS_TRY_ASSIGN(s, reader.summary(id, Detail::listing));
            Prepared p;
            p.id = id;
            std::vector<std::string> rcpts;
            for (const auto* list : {&s.to, &s.cc, &s.bcc})
                for (const auto& a : *list)
                    if (!a.addr.empty()) rcpts.push_back(a.addr);
            p.scene = classify(m_dir, s.from.addr, rcpts, s.date);
            if (!p.scene.personal) {
                MS_TRY_ASSIGN(fields, reader.texts(id));
                p.fields = std::move(fields);
            }
            if (!m_queue.push(std::move(p))) break;
        }
        return ok();
    }

    std::string m_path;
    std::vector<std::int64_t> m_ids;
    const Directory* m_dir;
    BoundedQueue<Prepared> m_queue;
    std::thread m_thread;
    std::optional<Error> m_error;
};

} // namespace

Result<ScanStats> scan_case(Case& c, const RuleSet& rules, const Directory* directory,
                            Matcher& matcher, std::size_t batch, const ScanProgressFn& progress,
                            const LearnedModel* model) {
    auto t0 = std::chrono::steady_clock::now();
    Db& db = c.db();
    ScanStats stats;
    const std::string& version = rules.version();
    std::vector<std::int64_t> ids;
    for (std::int64_t last = 0;;) {
        MS_TRY_ASSIGN(more, unscanned_messages(db, version, last, 100000));
        if (more.empty()) break;
        last = more.back();
        ids.insert(ids.end(), more.begin(), more.end());
    }
    ScanProgress prog;
    prog.total = ids.size();
    if (ids.empty()) return stats;

    // Flags are appended, not looked up: a small page cache keeps a scan of any case small.
    MS_TRY(db.exec("PRAGMA cache_size=-4000"));
    MS_TRY_ASSIGN(writer, FlagWriter::create(db));
    Evaluator eval(rules, matcher);
    std::string policies = "[";
    for (const auto& p : rules.policies())
        policies += (policies.size() > 1 ? "," : "") + std::string("\"") + p.id + "\"";
    policies += "]";
    const std::int64_t now = now_epoch();
    ReaderThread reader(db.path(), std::move(ids), directory);
    std::optional<Transaction> tx;
    std::size_t in_tx = 0;
    while (std::optional<Prepared> p = reader.next()) {
        if (!tx) {
            auto t = Transaction::begin(db);
            if (!t) return fail(std::move(t).error());
            tx.emplace(std::move(*t));
        }
        ++stats.scanned;
        ++prog.done;
        // A message that turned personal (a new directory) keeps no flags of older versions.
        MS_TRY(writer.replace_stale(p->id, version, policies));
        if (p->scene.personal) {
            ++stats.personal;
            MS_TRY(writer.mark_scanned(p->id, version, true, 0, now));
        } else {
            for (const auto& f : p->fields) stats.bytes += f.text.size();
            MS_TRY_ASSIGN(findings, eval.evaluate(p->fields, p->scene));
            for (const Finding& f : findings) {
                const Rule& rule = rules.rules()[f.rule];
                FlagRow row;
                row.message_id = p->id;
                row.policy = rule.policy;
                row.rule = rule.id;
                row.tier = tier_name(rule.tier);
                row.category = rule.category;
                row.field = f.field;
                row.start = f.start;
                row.end = f.end;
                row.matched = f.matched;
                row.snippet = f.snippet;
                row.version = version;
                row.status = rule.tier == Tier::allowed ? "allowed" : "open";
                row.created_at = now;
                // Scored, never dropped: a likely false positive goes to the back of the queue.
                if (model && rule.tier != Tier::allowed) {
                    std::string key = rule_key(rule.policy, rule.id);
                    if (model->used_for(key))
                        for (const auto& field : p->fields)
                            if (field.name == f.field) {
                                HitSite site{field.text, field.name, f.start, f.end,
                                             p->scene.sender, key};
                                row.fp_score = model->score(site);
                                row.likely_fp = row.fp_score && *row.fp_score >= k_likely_fp;
                                break;
                            }
                }
                MS_TRY_ASSIGN(added, writer.add(row, rule.notify, rule.retain));
                if (added) ++stats.new_flags;
                if (added && row.likely_fp) ++stats.likely_fp;
            }
            MS_TRY(writer.mark_scanned(p->id, version, false, static_cast<int>(findings.size()),
                                       now));
        }
        if (++in_tx >= batch) {
            MS_TRY(tx->commit());
            tx.reset();
            in_tx = 0;
        }
        if (progress && prog.done % 64 == 0) progress(prog);
    }
    if (tx) MS_TRY(tx->commit());
    reader.finish();
    if (reader.error()) return fail(Error(*reader.error()));
    if (progress) progress(prog);
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return stats;
}

} // namespace ms
