#include "mailscope/ingest/verify.hpp"

#include "mailscope/index/shards.hpp"
#include "mailscope/source/source.hpp"
#include "mailscope/store/evidence.hpp"
#include "mailscope/util/compress.hpp"
#include "mailscope/util/fs.hpp"
#include "mailscope/util/hash.hpp"

#include <filesystem>
#include <map>
#include <set>
#include <sys/stat.h>
#include <xapian.h>

namespace fs = std::filesystem;

namespace ms {

std::uint64_t VerifyReport::differences() const {
    std::uint64_t n = 0;
    for (const auto& f : findings) n += f.difference ? 1 : 0;
    return n;
}

namespace {

// Collects what a folder source holds now: each message's locator and the SHA-256 of its
// bytes, as import would store them in blobs.
class HashSink final : public MessageSink {
public:
    std::map<std::string, std::string> hashes;  // locator -> hex; ordered as SQLite orders
    std::set<std::string> problems;
    std::uint64_t bytes = 0;
    std::function<void(std::uint64_t, std::uint64_t)> on_progress;

    Result<void> message(RawMessage&& m) override {
        bytes += m.bytes.size();
        hashes[m.locator] = to_hex(sha256(m.bytes));
        return ok();
    }
    Result<void> problem(SourceProblem&& p) override {
        problems.insert(p.locator);
        return ok();
    }
    bool seen(std::string_view) const override { return false; }
    void progress(std::uint64_t done, std::uint64_t total) override {
        if (on_progress) on_progress(done, total);
    }
};

struct FileState {
    bool present = false;
    std::uint64_t size = 0;
    std::string sha256;
    std::string error;  // could not be read
};

VerifyFinding finding(std::string kind, std::int64_t id, std::string item, std::string problem,
                      std::string expected, std::string found, bool difference = true) {
    return {std::move(kind), id,           std::move(item), std::move(problem),
            std::move(expected), std::move(found), difference};
}

Result<void> verify_file(const EvidenceRow& ev, bool newest, std::map<std::string, FileState>& cache,
                         VerifyReport& rep) {
    auto it = cache.find(ev.path);
    if (it == cache.end()) {
        FileState s;
        struct stat st {};
        if (::stat(ev.path.c_str(), &st) == 0) {
            s.present = true;
            s.size = static_cast<std::uint64_t>(st.st_size);
            auto d = sha256_file(ev.path);
            if (d) s.sha256 = to_hex(*d);
            else s.error = d.error().message;
            rep.evidence_bytes += s.size;
        }
        it = cache.emplace(ev.path, std::move(s)).first;
    }
    const FileState& s = it->second;
    if (!s.present) {
        ++rep.evidence_missing;
        rep.findings.push_back(finding("evidence", ev.id, ev.path, "missing", ev.sha256, "", false));
        return ok();
    }
    if (!s.error.empty()) {
        rep.findings.push_back(finding("evidence", ev.id, ev.path, "unreadable", ev.sha256, s.error));
        return ok();
    }
    if (s.sha256 == ev.sha256 && s.size == ev.size) {
        ++rep.evidence_ok;
        return ok();
    }
    if (!newest) {
        // The source was imported again after it changed: the newer evidence row is checked.
        rep.findings.push_back(
            finding("evidence", ev.id, ev.path, "superseded", ev.sha256, s.sha256, false));
        return ok();
    }
    if (s.size != ev.size)
        rep.findings.push_back(finding("evidence", ev.id, ev.path, "size-changed",
                                       std::to_string(ev.size), std::to_string(s.size)));
    rep.findings.push_back(finding("evidence", ev.id, ev.path, "modified", ev.sha256, s.sha256));
    return ok();
}

// A folder's hash is the manifest over its messages (evidence.hpp, manifest_hash): the
// folder is read again as import reads it and the same manifest is computed.
Result<void> verify_folder(Db& db, const EvidenceRow& ev, VerifyReport& rep,
                           const VerifyProgressFn& progress) {
    std::error_code ec;
    if (!fs::is_directory(ev.path, ec)) {
        ++rep.evidence_missing;
        rep.findings.push_back(finding("evidence", ev.id, ev.path, "missing", ev.sha256, "", false));
        return ok();
    }
    SourceOptions so;
    Format f;
    if (parse_format(ev.format, f)) so.format = f;
    auto src = open_source(ev.path, so);
    if (!src) {
        rep.findings.push_back(
            finding("evidence", ev.id, ev.path, "unreadable", ev.sha256, src.error().message));
        return ok();
    }
    HashSink sink;
    sink.on_progress = [&](std::uint64_t done, std::uint64_t total) {
        if (progress) progress({"evidence", ev.path, done, total});
    };
    auto r = (*src)->read(sink);
    if (!r) {
        rep.findings.push_back(
            finding("evidence", ev.id, ev.path, "unreadable", ev.sha256, r.error().message));
        return ok();
    }
    rep.evidence_bytes += sink.bytes;

    // What import stored: locations (messages) and problems (not stored as messages).
    std::map<std::string, std::string> stored;
    MS_TRY_ASSIGN(st, db.prepare("SELECT b.sha256, l.locator FROM locations l JOIN blobs b ON "
                                 "b.id = l.blob_id WHERE l.evidence_id=?"));
    st.bind(1, ev.id);
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        stored[st.text(1)] = to_hex(st.blob(0));
    }
    std::set<std::string> stored_problems;
    MS_TRY_ASSIGN(pq, db.prepare("SELECT locator FROM problems WHERE evidence_id=?"));
    pq.bind(1, ev.id);
    for (;;) {
        MS_TRY_ASSIGN(row, pq.step());
        if (!row) break;
        stored_problems.insert(pq.text(0));
    }

    Sha256Hasher h;
    for (const auto& [locator, hex] : sink.hashes) {
        if (stored_problems.count(locator)) continue;  // import could not parse it either
        h.update(hex);
        h.update("  ");
        h.update(locator);
        h.update("\n");
    }
    std::string manifest = to_hex(h.finish());

    std::vector<VerifyFinding> files;
    for (const auto& [locator, hex] : stored) {
        auto it = sink.hashes.find(locator);
        std::string item = ev.path + "/" + locator;
        if (it == sink.hashes.end())
            files.push_back(finding("file", 0, item, "missing", hex, ""));
        else if (it->second != hex)
            files.push_back(finding("file", 0, item, "modified", hex, it->second));
    }
    for (const auto& [locator, hex] : sink.hashes)
        if (!stored.count(locator) && !stored_problems.count(locator))
            files.push_back(finding("file", 0, ev.path + "/" + locator, "added", "", hex));

    if (manifest == ev.sha256 && files.empty()) {
        ++rep.evidence_ok;
        return ok();
    }
    rep.findings.push_back(finding("evidence", ev.id, ev.path, "modified", ev.sha256, manifest));
    for (auto& f : files) rep.findings.push_back(std::move(f));
    return ok();
}

Result<void> verify_evidence(Db& db, VerifyReport& rep, const VerifyProgressFn& progress) {
    MS_TRY_ASSIGN(rows, list_evidence(db));
    std::map<std::string, std::int64_t> newest;  // path -> id of its latest evidence row
    for (const auto& e : rows) newest[e.path] = e.id;
    std::map<std::string, FileState> cache;
    std::uint64_t done = 0;
    for (const auto& ev : rows) {
        ++rep.evidence;
        if (progress) progress({"evidence", ev.path, done++, rows.size()});
        if (ev.sha256.empty()) {
            // Never read (the source could not be opened) or interrupted before its folder
            // manifest was computed: nothing was recorded to compare with.
            rep.findings.push_back(finding("evidence", ev.id, ev.path, "not-recorded", "",
                                           "", false));
            continue;
        }
        if (ev.kind == "directory") MS_TRY(verify_folder(db, ev, rep, progress));
        else MS_TRY(verify_file(ev, newest[ev.path] == ev.id, cache, rep));
    }
    return ok();
}

Result<void> verify_blobs(Db& db, VerifyReport& rep, const VerifyProgressFn& progress) {
    MS_TRY_ASSIGN(cnt, db.prepare("SELECT count(*) FROM blobs"));
    MS_TRY_ASSIGN(crow, cnt.step());
    std::uint64_t total = crow ? static_cast<std::uint64_t>(cnt.int64(0)) : 0;
    MS_TRY_ASSIGN(st, db.prepare("SELECT id, sha256, size, codec, data FROM blobs ORDER BY id"));
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        std::int64_t id = st.int64(0);
        std::string expected = to_hex(st.blob(1));
        auto size = static_cast<std::uint64_t>(st.int64(2));
        std::string codec = st.text(3);
        std::string item = "blob " + std::to_string(id);
        ++rep.blobs;
        if (progress && rep.blobs % 256 == 0) progress({"blobs", "", rep.blobs, total});
        std::string raw;
        if (codec == "zstd") {
            auto d = zstd_decompress(st.blob(4));
            if (!d) {
                rep.findings.push_back(finding("blob", id, item, "corrupt", expected,
                                               d.error().message));
                continue;
            }
            raw = std::move(*d);
        } else if (codec == "none" || codec.empty()) {
            raw = st.blob(4);
        } else {
            rep.findings.push_back(
                finding("blob", id, item, "corrupt", expected, "unknown codec '" + codec + "'"));
            continue;
        }
        rep.blob_bytes += raw.size();
        if (raw.size() != size)
            rep.findings.push_back(finding("blob", id, item, "size-mismatch", std::to_string(size),
                                           std::to_string(raw.size())));
        std::string found = to_hex(sha256(raw));
        if (found != expected)
            rep.findings.push_back(finding("blob", id, item, "hash-mismatch", expected, found));
    }
    return ok();
}

// Rows that point at nothing: a message without its raw bytes, a location whose evidence,
// message or blob is gone.
Result<void> verify_references(Db& db, VerifyReport& rep) {
    MS_TRY_ASSIGN(n, db.prepare("SELECT (SELECT count(*) FROM messages), "
                                "(SELECT count(*) FROM locations)"));
    MS_TRY_ASSIGN(nrow, n.step());
    if (nrow) {
        rep.messages = static_cast<std::uint64_t>(n.int64(0));
        rep.locations = static_cast<std::uint64_t>(n.int64(1));
    }
    n.reset();
    MS_TRY_ASSIGN(m, db.prepare("SELECT m.id, m.blob_id FROM messages m LEFT JOIN blobs b ON "
                                "b.id = m.blob_id WHERE b.id IS NULL ORDER BY m.id"));
    for (;;) {
        MS_TRY_ASSIGN(row, m.step());
        if (!row) break;
        rep.findings.push_back(finding("message", m.int64(0), "message " + std::to_string(m.int64(0)),
                                       "dangling", "blob " + std::to_string(m.int64(1)), ""));
    }
    struct Ref {
        const char* column;
        const char* table;
        const char* what;
    };
    for (const Ref& r : {Ref{"evidence_id", "evidence", "evidence"},
                         Ref{"message_id", "messages", "message"},
                         Ref{"blob_id", "blobs", "blob"}}) {
        MS_TRY_ASSIGN(q, db.prepare(std::string("SELECT l.id, l.locator, l.") + r.column +
                                    " FROM locations l LEFT JOIN " + r.table + " t ON t.id = l." +
                                    r.column + " WHERE t.id IS NULL ORDER BY l.id"));
        for (;;) {
            MS_TRY_ASSIGN(row, q.step());
            if (!row) break;
            rep.findings.push_back(finding("location", q.int64(0), q.text(1), "dangling",
                                           std::string(r.what) + " " + std::to_string(q.int64(2)),
                                           ""));
        }
    }
    return ok();
}

// The index is derived data: a count out of step is a note (`mailscope index` rebuilds it).
Result<void> verify_index(Case& c, VerifyReport& rep) {
    std::error_code ec;
    MS_TRY_ASSIGN(layout, load_shards(c.db()));
    std::string where = layout.sharded() ? c.dir() + "/shards" : c.index_dir();
    if (!fs::exists(where, ec)) return ok();
    MS_TRY_ASSIGN(q, c.db().prepare("SELECT (SELECT count(*) FROM messages) - "
                                    "(SELECT count(*) FROM pending_index)"));
    MS_TRY_ASSIGN(row, q.step());
    std::uint64_t expected = row ? static_cast<std::uint64_t>(q.int64(0)) : 0;
    auto db = open_index(c, layout);
    if (!db) {
        rep.findings.push_back(finding("index", 0, where, "unreadable", "", db.error().message, false));
        return ok();
    }
    try {
        rep.index_checked = true;
        rep.index_docs = db->get_doccount();
    } catch (const Xapian::Error& e) {
        rep.findings.push_back(finding("index", 0, where, "unreadable", "", e.get_description(), false));
        return ok();
    }
    if (rep.index_docs != expected)
        rep.findings.push_back(finding("index", 0, where, "count-mismatch",
                                       std::to_string(expected), std::to_string(rep.index_docs),
                                       false));
    return ok();
}

} // namespace

Result<VerifyReport> verify_case(Case& c, const VerifyOptions& opts,
                                 const VerifyProgressFn& progress) {
    VerifyReport rep;
    if (opts.evidence) MS_TRY(verify_evidence(c.db(), rep, progress));
    if (opts.messages) {
        MS_TRY(verify_blobs(c.db(), rep, progress));
        MS_TRY(verify_references(c.db(), rep));
        MS_TRY(verify_index(c, rep));
    }
    return rep;
}

} // namespace ms
