#include "mailscope/policy/scan_case.hpp"

#include "mailscope/policy/config.hpp"
#include "mailscope/store/flags.hpp"
#include "mailscope/store/reader.hpp"
#include "mailscope/util/time.hpp"

#include <chrono>

namespace ms {

Result<ScanStats> scan_case(Case& c, const RuleSet& rules, const Directory* directory,
                            Matcher& matcher, std::size_t batch, const ScanProgressFn& progress) {
    auto t0 = std::chrono::steady_clock::now();
    Db& db = c.db();
    ScanStats stats;
    const std::string& version = rules.version();
    MS_TRY_ASSIGN(count, db.prepare("SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 "
                                    "FROM scans s WHERE s.message_id = m.id AND s.version = ?)"));
    count.bind(1, version);
    MS_TRY_ASSIGN(has, count.step());
    ScanProgress prog;
    prog.total = has ? static_cast<std::uint64_t>(count.int64(0)) : 0;
    count.reset();

    MS_TRY_ASSIGN(reader, MessageReader::create(db));
    MS_TRY_ASSIGN(writer, FlagWriter::create(db));
    Evaluator eval(rules, matcher);
    const std::int64_t now = now_epoch();
    std::int64_t last = 0;
    for (;;) {
        MS_TRY_ASSIGN(ids, unscanned_messages(db, version, last, batch));
        if (ids.empty()) break;
        last = ids.back();
        MS_TRY_ASSIGN(tx, Transaction::begin(db));
        for (std::int64_t id : ids) {
            MS_TRY_ASSIGN(s, reader.summary(id, Detail::listing));
            std::vector<std::string> rcpts;
            for (const auto* list : {&s.to, &s.cc, &s.bcc})
                for (const auto& a : *list)
                    if (!a.addr.empty()) rcpts.push_back(a.addr);
            Scene scene = classify(directory, s.from.addr, rcpts, s.date);
            ++stats.scanned;
            ++prog.done;
            if (scene.personal) {
                ++stats.personal;
                MS_TRY(writer.mark_scanned(id, version, true, 0, now));
                continue;
            }
            MS_TRY_ASSIGN(raw, reader.raw(id));
            auto parsed = parse_message(raw);
            std::vector<FieldText> fields = parsed ? fields_of(*parsed) : std::vector<FieldText>{};
            for (const auto& f : fields) stats.bytes += f.text.size();
            MS_TRY_ASSIGN(findings, eval.evaluate(fields, scene));
            MS_TRY(writer.replace_stale(id, version));
            for (const Finding& f : findings) {
                const Rule& rule = rules.rules()[f.rule];
                FlagRow row;
                row.message_id = id;
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
                MS_TRY_ASSIGN(added, writer.add(row, rule.notify, rule.retain));
                if (added) ++stats.new_flags;
            }
            MS_TRY(writer.mark_scanned(id, version, false, static_cast<int>(findings.size()), now));
            if (progress && prog.done % 64 == 0) progress(prog);
        }
        MS_TRY(tx.commit());
        if (progress) progress(prog);
    }
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return stats;
}

} // namespace ms
