#include "mailscope/ingest/importer.hpp"

#include "mailscope/mime/headers.hpp"
#include "mailscope/mime/limits.hpp"
#include "mailscope/mime/message.hpp"
#include "mailscope/store/custody.hpp"
#include "mailscope/store/writer.hpp"
#include "mailscope/util/fs.hpp"
#include "mailscope/util/hash.hpp"
#include "mailscope/util/time.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace ms {

std::string evidence_path(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::absolute(path, ec);
    if (ec) return path;
    std::string s = p.lexically_normal().string();
    // "maildir/" and "maildir" are one evidence.
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
}

namespace {

std::string default_custodian(const std::string& path) {
    fs::path p(path);
    std::string name = p.filename().string();
    if (name.empty() || name == "." || name == "..") name = p.parent_path().filename().string();
    if (!fs::is_directory(path)) {
        std::string stem = fs::path(name).stem().string();
        if (!stem.empty()) name = stem;
    }
    return name;
}

class ImportSink final : public MessageSink {
public:
    ImportSink(Db& db, MessageWriter& w, EvidenceReport& rep, std::string custodian,
               std::unordered_set<std::string> seen, std::size_t batch,
               const ImportProgressFn& progress, ImportProgress& prog)
        : m_db(db), m_w(w), m_rep(rep), m_custodian(std::move(custodian)),
          m_seen(std::move(seen)), m_batch(batch), m_progress(progress), m_prog(prog) {}

    Result<void> message(RawMessage&& raw) override {
        // Sources that can check the size before reading do so; this catches the rest.
        if (raw.bytes.size() > k_max_message_bytes)
            return problem({raw.locator, message_too_large(raw.bytes.size()), false,
                            "the evidence keeps it; read it with another tool"});
        MS_TRY(ensure_tx());
        MS_TRY_ASSIGN(blob_id, m_w.ensure_blob(raw.bytes));
        std::string header_mid;
        std::string key = content_key(raw.bytes, &header_mid);
        MS_TRY_ASSIGN(existing, m_w.find_message(key));
        LocationRow loc{m_rep.evidence.id, raw.locator, raw.folder,
                        raw.custodian.empty() ? m_custodian : raw.custodian, raw.flags,
                        header_mid, blob_id};
        if (existing) {
            MS_TRY(m_w.add_location(*existing, loc));
            ++m_rep.duplicates;
        } else {
            auto parsed = parse_message(raw.bytes);
            if (!parsed) {
                MS_TRY(m_w.add_problem(m_rep.evidence.id, raw.locator, parsed.error().message,
                                       false, blob_id));
                ++m_rep.failures;
                // No hint: the parser's speaks of a whole file, and this may be one message of an mbox.
                m_rep.problems.push_back({raw.locator, parsed.error().message, false, ""});
                return step();
            }
            for (const auto& w : parsed->warnings)
                if (std::string_view(w).ends_with(k_limit_mark)) m_rep.limited.push_back({raw.locator, w, false, ""});
            MS_TRY_ASSIGN(id, m_w.insert_message(key, blob_id, *parsed, raw.bytes.size(),
                                                 raw.flags, m_now, m_rep.evidence.id));
            MS_TRY(m_w.add_location(id, loc));
            ++m_rep.new_messages;
        }
        ++m_rep.messages;
        ++m_prog.messages;
        return step();
    }

    Result<void> problem(SourceProblem&& p) override {
        MS_TRY(ensure_tx());
        MS_TRY(m_w.add_problem(m_rep.evidence.id, p.locator, p.reason, p.skipped, std::nullopt));
        if (p.skipped) ++m_rep.skipped;
        else ++m_rep.failures;
        m_rep.problems.push_back(std::move(p));
        return step();
    }

    bool seen(std::string_view locator) const override {
        return !m_seen.empty() && m_seen.count(std::string(locator)) > 0;
    }

    void progress(std::uint64_t done, std::uint64_t total) override {
        m_prog.done_bytes = done;
        m_prog.total_bytes = total;
        if (m_progress) m_progress(m_prog);
    }

    Result<void> flush() {
        if (!m_tx) return ok();
        auto r = m_tx->commit();
        m_tx.reset();
        m_pending = 0;
        return r;
    }

private:
    Result<void> ensure_tx() {
        if (m_tx) return ok();
        MS_TRY_ASSIGN(tx, Transaction::begin(m_db));
        m_tx.emplace(std::move(tx));
        return ok();
    }
    Result<void> step() {
        if (++m_pending >= m_batch) return flush();
        return ok();
    }

    Db& m_db;
    MessageWriter& m_w;
    EvidenceReport& m_rep;
    std::string m_custodian;
    std::unordered_set<std::string> m_seen;
    std::size_t m_batch;
    const ImportProgressFn& m_progress;
    ImportProgress& m_prog;
    std::optional<Transaction> m_tx;
    std::size_t m_pending = 0;
    std::int64_t m_now = now_epoch();
};

// One chain-of-custody entry for this run over the source, with the hash it saw.
Result<void> record_custody(Db& db, const ImportOptions& opts, const EvidenceRow& ev,
                            const std::string& action) {
    CustodyEntry e;
    e.at = now_epoch();
    e.evidence_id = ev.id;
    e.action = action;
    e.login = opts.operator_name;
    e.person = opts.person;
    e.host = host_name();
    e.tool_version = opts.tool_version;
    e.command = opts.command;
    e.path = ev.path;
    e.format = ev.format;
    e.kind = ev.kind;
    e.size = ev.size;
    e.sha256 = ev.sha256;
    e.outcome = ev.status;
    MS_TRY(append_custody(db, e));
    return ok();
}

Result<void> import_one(Case& c, MessageWriter& w, const std::string& source,
                        const ImportOptions& opts, const ImportProgressFn& progress,
                        EvidenceReport& rep) {
    Db& db = c.db();
    EvidenceRow& ev = rep.evidence;
    ev.path = evidence_path(source);
    ev.status = "failed";
    ImportProgress prog;
    prog.source = ev.path;

    auto src = open_source(source, opts.source);
    if (!src) {
        // The source cannot be read at all: recorded as failed evidence, the import goes on.
        // The report names the evidence; a path at the start of the message would repeat it.
        std::string msg = src.error().message;
        for (const std::string& p : {source, ev.path})
            if (msg.rfind(p + ": ", 0) == 0) msg.erase(0, p.size() + 2);
        ev.error = msg;
        ev.kind = fs::is_directory(source) ? "directory" : "file";
        ev.format = "unknown";
        ev.custodian = opts.custodian.empty() ? default_custodian(source) : opts.custodian;
        ev.operator_name = opts.operator_name;
        ev.tool_version = opts.tool_version;
        ev.started_at = ev.finished_at = now_epoch();
        ev.failures = 1;
        rep.failures = 1;
        rep.problems.push_back({"", msg, false, src.error().hint});
        std::error_code ec;
        ev.size = fs::is_regular_file(source, ec) ? fs::file_size(source, ec) : 0;
        MS_TRY_ASSIGN(id, insert_evidence(db, ev));
        ev.id = id;
        MS_TRY(finish_evidence(db, ev));
        return record_custody(db, opts, ev, "import");
    }
    MessageSource& s = **src;
    bool is_dir = fs::is_directory(source);
    ev.kind = is_dir ? "directory" : "file";
    ev.format = format_name(s.format());
    ev.custodian = opts.custodian.empty() ? default_custodian(ev.path) : opts.custodian;
    // Each first-level folder names its custodian; the evidence as a whole has none.
    if (is_dir && opts.source.custodians_from_subdirs && opts.custodian.empty()) ev.custodian = "";
    ev.operator_name = opts.operator_name;
    ev.tool_version = opts.tool_version;
    ev.started_at = now_epoch();
    struct stat st {};
    if (::stat(source.c_str(), &st) == 0) ev.mtime = st.st_mtime;

    std::optional<EvidenceRow> previous;
    if (!is_dir) {
        // A file is identified by its hash: the same bytes are never imported twice.
        MS_TRY_ASSIGN(digest, sha256_file(source));
        ev.sha256 = to_hex(digest);
        ev.size = static_cast<std::uint64_t>(st.st_size);
        MS_TRY_ASSIGN(prev, find_evidence(db, ev.path, ev.sha256));
        previous = std::move(prev);
        if (previous && (previous->status == "complete" || previous->status == "partial")) {
            rep.evidence = *previous;
            rep.already_imported = true;
            // Seen again with the same bytes: the log shows every time the source was handled.
            return record_custody(db, opts, rep.evidence, "already-imported");
        }
    } else {
        // A directory grows (new mail in a maildir): continue its evidence, reading new files.
        MS_TRY_ASSIGN(prev, find_evidence(db, ev.path, ""));
        previous = std::move(prev);
    }

    std::unordered_set<std::string> seen;
    if (previous) {
        ev.id = previous->id;
        rep.resumed = previous->status == "importing";
        MS_TRY_ASSIGN(locs, stored_locators(db, ev.id));
        seen = std::move(locs);
        MS_TRY_ASSIGN(st2, db.prepare("UPDATE evidence SET status='importing' WHERE id=?"));
        st2.bind(1, ev.id);
        MS_TRY(st2.run());
    } else {
        ev.status = "importing";
        MS_TRY_ASSIGN(id, insert_evidence(db, ev));
        ev.id = id;
    }

    // Files directly in the source folder still belong to someone: the folder's name.
    std::string default_owner = ev.custodian.empty() ? default_custodian(ev.path) : ev.custodian;
    ImportSink sink(db, w, rep, default_owner, std::move(seen), opts.batch, progress, prog);
    auto r = s.read(sink);
    MS_TRY(sink.flush());
    if (!r) {
        Error e = std::move(r).error();
        if (e.code == Errc::database || e.code == Errc::locked) return fail(std::move(e));
        ev.error = e.message;
        ++rep.failures;
        rep.problems.push_back({"", e.message, false, e.hint});
        // Kept with the evidence so `import` on a later day still reports it.
        MS_TRY_ASSIGN(tx, Transaction::begin(db));
        MS_TRY(w.add_problem(ev.id, "", e.message, false, std::nullopt));
        MS_TRY(tx.commit());
    }
    // Counts cover every run over this evidence, not only this one.
    MS_TRY_ASSIGN(cnt, db.prepare("SELECT (SELECT count(*) FROM locations WHERE evidence_id=?1),"
                                  " (SELECT count(*) FROM messages WHERE first_evidence=?1),"
                                  " (SELECT count(*) FROM problems WHERE evidence_id=?1 AND "
                                  "skipped=0), (SELECT count(*) FROM problems WHERE "
                                  "evidence_id=?1 AND skipped=1)"));
    cnt.bind(1, ev.id);
    MS_TRY_ASSIGN(row, cnt.step());
    if (row) {
        ev.messages = static_cast<std::uint64_t>(cnt.int64(0));
        ev.new_messages = static_cast<std::uint64_t>(cnt.int64(1));
        ev.failures = static_cast<std::uint64_t>(cnt.int64(2));
        ev.skipped = static_cast<std::uint64_t>(cnt.int64(3));
    }
    cnt.reset();
    if (is_dir) {
        MS_TRY_ASSIGN(manifest, manifest_hash(db, ev.id));
        ev.sha256 = manifest;
        ev.size = s.total_bytes();
    }
    ev.finished_at = now_epoch();
    ev.status = !r && ev.messages == 0 ? "failed" : ev.failures > 0 ? "partial" : "complete";
    MS_TRY(finish_evidence(db, ev));
    return record_custody(db, opts, ev,
                          !previous ? "import" : rep.resumed ? "resume" : "re-import");
}

} // namespace

Result<ImportReport> import_sources(Case& c, const ImportOptions& opts,
                                    const ImportProgressFn& progress) {
    mime_init();
    auto t0 = std::chrono::steady_clock::now();
    ImportReport report;
    MS_TRY_ASSIGN(writer, MessageWriter::create(c.db()));
    for (const auto& source : opts.sources) {
        EvidenceReport rep;
        MS_TRY(import_one(c, writer, source, opts, progress, rep));
        report.messages += rep.messages;
        report.new_messages += rep.new_messages;
        report.duplicates += rep.duplicates;
        report.failures += rep.failures;
        report.skipped += rep.skipped;
        report.evidence.push_back(std::move(rep));
    }
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return report;
}

} // namespace ms
