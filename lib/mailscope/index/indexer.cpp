#include "mailscope/index/indexer.hpp"

#include "mailscope/index/document.hpp"
#include "mailscope/index/xapian_error.hpp"
#include "mailscope/store/reader.hpp"

#include <chrono>
#include <filesystem>
#include <xapian.h>

namespace ms {

Result<IndexStats> update_index(Case& c, const IndexOptions& opts,
                                const IndexProgressFn& progress) {
    auto t0 = std::chrono::steady_clock::now();
    Db& db = c.db();
    IndexStats stats;
    // A missing index (never built, or deleted to get rid of a damaged one) is rebuilt whole.
    std::error_code ec;
    bool missing = !std::filesystem::exists(c.index_dir() + "/iamglass", ec);
    if (opts.rebuild || missing)
        MS_TRY(db.exec("INSERT OR IGNORE INTO pending_index SELECT id FROM messages"));

    MS_TRY_ASSIGN(count, db.prepare("SELECT count(*) FROM pending_index"));
    MS_TRY_ASSIGN(has, count.step());
    IndexProgress prog;
    prog.total = has ? static_cast<std::uint64_t>(count.int64(0)) : 0;
    count.reset();
    if (prog.total == 0) return stats;

    MS_TRY_ASSIGN(reader, MessageReader::create(db));
    MS_TRY_ASSIGN(next, db.prepare("SELECT message_id FROM pending_index ORDER BY message_id "
                                   "LIMIT ?"));
    MS_TRY_ASSIGN(done, db.prepare("DELETE FROM pending_index WHERE message_id=?"));

    try {
        Xapian::WritableDatabase xdb(c.index_dir(), Xapian::DB_CREATE_OR_OPEN);
        Xapian::TermGenerator tg;
        configure_term_generator(tg);
        std::vector<std::int64_t> ids;
        for (;;) {
            ids.clear();
            next.bind(1, static_cast<std::int64_t>(opts.batch));
            for (;;) {
                MS_TRY_ASSIGN(row, next.step());
                if (!row) break;
                ids.push_back(next.int64(0));
            }
            next.reset();
            if (ids.empty()) break;

            for (std::int64_t id : ids) {
                MS_TRY_ASSIGN(summary, reader.summary(id));
                MS_TRY_ASSIGN(raw, reader.raw(id));
                auto parsed = parse_message(raw);
                Xapian::Document doc;
                if (parsed) {
                    build_document(tg, doc, *parsed, summary);
                } else {
                    // Stored because it parsed once; keep it findable by its case data.
                    ++stats.failed;
                    build_document(tg, doc, Message{}, summary);
                }
                // The Xapian docid is the case id: search results map back without a lookup.
                xdb.replace_document(static_cast<Xapian::docid>(id), doc);
                ++stats.indexed;
                ++prog.done;
                if (progress && prog.done % 64 == 0) progress(prog);
            }
            xdb.commit();
            // Only after Xapian has committed: a crash in between re-indexes this batch.
            MS_TRY_ASSIGN(tx, Transaction::begin(db));
            for (std::int64_t id : ids) {
                done.bind(1, id);
                MS_TRY(done.run());
            }
            MS_TRY(tx.commit());
            if (progress) progress(prog);
        }
        xdb.close();
    } catch (const Xapian::Error& e) {
        return fail(xapian_error(e, c.index_dir()));
    }
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return stats;
}

} // namespace ms
