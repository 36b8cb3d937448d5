// mailscope scan: checks the case's messages against its policies (incrementally: only what
// this rule-set version has not scanned), or, given --stdin or FILE, checks one draft against
// its sender's rules without writing anything: the pre-send check a mail client can call.
#include "cli.hpp"
#include "scope.hpp"
#include "printer.hpp"
#include "progress.hpp"
#include "render.hpp"

#include "mailscope/mime/headers.hpp"
#include "mailscope/policy/config.hpp"
#include "mailscope/policy/matcher.hpp"
#include "mailscope/policy/scan_case.hpp"
#include "mailscope/store/flags.hpp"
#include "mailscope/util/fs.hpp"
#include "mailscope/util/strings.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

namespace ms::cli {

namespace {

std::string user_cache_dir() {
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/mailscope";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/mailscope";
    return {};
}

class ScanCommand final : public Command {
public:
    const char* name() const override { return "scan"; }
    const char* summary() const override {
        return "Check the case (or a draft) against the phrase library (exit 0 found, 1 none)";
    }
    bool takes_case() const override { return true; }
    Action action() const override { return Action::scan; }
    CaseNeed need() const override {
        return draft_mode() ? CaseNeed::none : CaseNeed::read_write;
    }
    bool user_files() const override { return !m_policies.empty() || !m_directory.empty(); }

    void setup(CLI::App& app) override {
        app.add_option("FILE", m_file, "a draft (.eml) to check instead of the case")
            ->type_name("FILE");
        app.add_flag("--stdin", m_stdin, "check a draft read from standard input");
        app.add_option("--from", m_from, "the draft's sender (default: its From header)")
            ->type_name("ADDRESS");
        app.add_option("--to", m_to, "a recipient of the draft (repeatable; default: its To, Cc "
                                     "and Bcc)")
            ->allow_extra_args(false)
            ->type_name("ADDRESS");
        // One file per --policy (repeat it): a greedy list would swallow the draft FILE.
        app.add_option("--policy", m_policies, "policy file (repeatable; default: the case's)")
            ->allow_extra_args(false)
            ->type_name("FILE");
        app.add_option("--directory", m_directory, "directory file (default: the case's)")
            ->type_name("FILE");
        add_choice_option(app, "--fail-on", m_fail_on, {"allowed", "approval", "forbidden"},
                          "exit 0 only when a flag at or above this tier exists, else 1",
                          "TIER");
        add_format_option(app, m_format);
        app.add_option("--batch", m_batch, "messages per transaction (default 500)")
            ->check(CLI::Range(1, 100000));
    }

    Result<int> run(Context& ctx) override {
        std::error_code ec;
        std::string case_dir = std::filesystem::exists(ctx.case_dir, ec) ? ctx.case_dir : "";
        if (!draft_mode()) case_dir = ctx.case_dir;
        std::vector<FileProblem> problems;
        auto cfg = load_config({case_dir, m_directory, m_policies}, problems);
        if (!cfg) {
            for (const auto& p : problems) std::cerr << format_problem(p) << "\n";
            return fail(std::move(cfg).error());
        }
        const Directory* dir = cfg->directory ? &*cfg->directory : nullptr;
        MS_TRY_ASSIGN(rules, RuleSet::build(cfg->policies, dir));
        // A draft check writes nothing to the case: its compiled rules are cached per user
        // ($XDG_CACHE_HOME/mailscope), so a mail client's pre-send hook answers at once.
        MS_TRY_ASSIGN(matcher, make_hyperscan_matcher(
                                   rules, draft_mode() ? user_cache_dir() : ctx.case_dir + "/cache"));
        if (draft_mode()) return check_draft(rules, dir, *matcher);
        return scan_the_case(ctx, rules, dir, *matcher);
    }

private:
    std::string m_file, m_from, m_directory;
    std::vector<std::string> m_policies, m_to;
    bool m_stdin = false;
    int m_fail_on = -1;
    OutputFormat m_format = OutputFormat::text;
    std::size_t m_batch = 500;

    bool draft_mode() const { return m_stdin || !m_file.empty(); }

    int exit_for(int max_rank) const {
        int threshold = m_fail_on >= 0 ? m_fail_on : 1; // default: approval or forbidden
        return max_rank >= threshold ? k_exit_ok : k_exit_none;
    }

    Result<int> scan_the_case(Context& ctx, const RuleSet& rules, const Directory* dir,
                              Matcher& matcher) {
        Progress progress(ctx.progress);
        auto on_progress = [&](const ScanProgress& p) {
            progress.update("scanning: " + std::to_string(p.done) + " of " +
                            std::to_string(p.total) + " messages");
        };
        // New hits are scored with what compliance's decisions taught (policy learn).
        MS_TRY_ASSIGN(model, load_model(ctx.kase->db()));
        MS_TRY_ASSIGN(stats, scan_case(*ctx.kase, rules, dir, matcher, m_batch, on_progress,
                                       model ? &*model : nullptr));
        progress.clear();
        Db& db = ctx.kase->db();
        MS_TRY_ASSIGN(tally, tally_flags(db, rules.version()));
        MS_TRY_ASSIGN(counts, scan_counts(db, rules.version()));
        Record detail;
        detail["version"] = rules.version();
        detail["scanned"] = stats.scanned;
        detail["new_flags"] = stats.new_flags;
        if (model) detail["likely_false_positives"] = stats.likely_fp;
        MS_TRY(audit(ctx, "scan", "", "", detail));
        int max_rank = -1;
        for (const auto& t : tally) max_rank = std::max(max_rank, tier_rank(t.tier));

        if (m_format != OutputFormat::text) {
            FlagFilter filter;
            filter.version = rules.version();
            MS_TRY_ASSIGN(reader, MessageReader::create(db));
            auto printer = Printer::make(m_format, std::cout, flag_csv_columns(), nullptr);
            MS_TRY(for_each_flag(db, filter, [&](const FlagRow& f) -> Result<void> {
                auto s = reader.summary(f.message_id, Detail::line);
                printer->record(flag_record(f, s ? &*s : nullptr));
                return ok();
            }));
            printer->finish();
            return exit_for(max_rank);
        }
        std::string names;
        for (const auto& p : rules.policies()) names += (names.empty() ? "" : ", ") + p.id;
        char secs[32];
        std::snprintf(secs, sizeof secs, "%.1f", stats.seconds);
        std::cout << "policies " << names << " (version " << rules.version() << ", "
                  << rules.rules().size() << " rules, " << rules.patterns().size()
                  << " patterns)" << (dir ? "" : "; no directory: scoped rules and the scene "
                                                  "filter are off")
                  << "\n";
        std::cout << "scanned " << stats.scanned << " messages in " << secs << " s ("
                  << stats.personal << " personal, not checked); " << stats.new_flags
                  << " new flags";
        if (model && stats.likely_fp)
            std::cout << " (" << stats.likely_fp
                      << " scored likely false positives by the context model: kept, back of "
                         "the queue)";
        std::cout << "\n";
        std::cout << "case: " << counts.scanned << " messages scanned with this version, "
                  << counts.personal << " personal, " << counts.flagged_messages
                  << " flagged\n";
        std::map<std::string, std::map<std::string, std::uint64_t>> by_tier;
        std::map<std::string, std::uint64_t> tier_total;
        for (const auto& t : tally) {
            by_tier[t.tier][t.category.empty() ? "(none)" : t.category] += t.count;
            tier_total[t.tier] += t.count;
        }
        for (const char* t : {"forbidden", "approval", "allowed"}) {
            if (!tier_total.count(t)) continue;
            std::cout << "  " << fit_display(t, 10) << std::to_string(tier_total[t]) << " flags:";
            for (const auto& [cat, n] : by_tier[t]) std::cout << "  " << cat << " " << n;
            std::cout << "\n";
        }
        if (tally.empty()) std::cout << "  no flags\n";
        else std::cout << "list them with `mailscope flags` (open ones: --status open)\n";
        return exit_for(max_rank);
    }

    Result<int> check_draft(const RuleSet& rules, const Directory* dir, Matcher& matcher) {
        std::ifstream file;
        if (!m_stdin) {
            file.open(m_file, std::ios::binary);
            if (!file) return fail(Errc::not_found, m_file + ": cannot open: " + std::strerror(errno));
        }
        std::istream& in = m_stdin ? std::cin : file;
        std::string source = m_stdin ? std::string("standard input") : m_file;
        // A draft message is read whole; anything else is plain text, read in chunks that end
        // at a line break, so a document of any size is checked in little memory.
        std::string head(16384, '\0');
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(in.gcount()));
        std::vector<FieldText> fields;
        std::string from = ascii_lower(m_from);
        std::vector<std::string> rcpts;
        bool message = looks_like_message(head);
        if (message) {
            std::string bytes = head;
            bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            auto parsed = parse_message(bytes);
            if (!parsed) return fail(std::move(parsed).error().context(source));
            fields = fields_of(*parsed);
            if (from.empty()) from = parsed->from.addr;
            for (const auto* list : {&parsed->to, &parsed->cc, &parsed->bcc})
                for (const auto& a : *list) rcpts.push_back(a.addr);
        }
        if (!m_to.empty()) {
            rcpts.clear();
            for (const auto& t : m_to) rcpts.push_back(ascii_lower(t));
        }
        Scene scene = classify(dir, from, rcpts, std::nullopt);
        Evaluator eval(rules, matcher);
        auto printer = Printer::make(
            m_format, std::cout,
            {"policy", "rule", "tier", "category", "field", "start", "end", "matched", "snippet",
             "notify", "retain"},
            nullptr);
        if (m_format == OutputFormat::text) {
            std::cout << "draft from " << (from.empty() ? "(unknown sender)" : from);
            if (scene.sender)
                std::cout << " (" << role_name(scene.sender->role)
                          << (scene.sender->department.empty() ? "" : ", " + scene.sender->department)
                          << ")";
            std::cout << ", " << direction_name(scene.direction) << "\n";
        }
        // Findings are printed as they are found: a large document never piles up in memory.
        int max_rank = -1;
        std::size_t count = 0;
        auto emit = [&](const Finding& f, std::size_t base) {
            const Rule& rule = rules.rules()[f.rule];
            max_rank = std::max(max_rank, static_cast<int>(rule.tier));
            ++count;
            if (!printer->structured()) {
                printer->text("  " + fit_display(tier_name(rule.tier), 10) + rule.policy + "/" +
                              rule.id + "  [" + f.field + "]  " + f.snippet + "\n");
                return;
            }
            Record r;
            r["policy"] = rule.policy;
            r["rule"] = rule.id;
            r["tier"] = tier_name(rule.tier);
            r["category"] = rule.category;
            r["field"] = f.field;
            r["start"] = f.start + base;
            r["end"] = f.end + base;
            r["matched"] = f.matched;
            r["snippet"] = f.snippet;
            r["notify"] = rule.notify;
            r["retain"] = rule.retain;
            printer->record(r);
        };
        if (message) {
            MS_TRY_ASSIGN(found, eval.evaluate(fields, scene));
            for (const auto& f : found) emit(f, 0);
        } else {
            std::string carry = std::move(head);
            std::size_t base = 0;
            constexpr std::size_t k_chunk = 1u << 20;
            for (;;) {
                std::string chunk = std::move(carry);
                carry.clear();
                if (chunk.size() < k_chunk) {
                    std::size_t had = chunk.size();
                    chunk.resize(k_chunk);
                    in.read(chunk.data() + had, static_cast<std::streamsize>(k_chunk - had));
                    chunk.resize(had + static_cast<std::size_t>(in.gcount()));
                }
                if (chunk.empty()) break;
                if (in) { // more to come: cut at the last line break, keep the rest
                    std::size_t cut = chunk.rfind('\n');
                    if (cut != std::string::npos) {
                        ++cut;
                    } else {
                        // A line longer than a chunk: cut between characters, never inside
                        // one (a broken sequence would shift every later offset).
                        cut = chunk.size();
                        while (cut > 0 && (static_cast<unsigned char>(chunk[cut - 1]) & 0xC0) == 0x80)
                            --cut;
                        if (cut > 0 && static_cast<unsigned char>(chunk[cut - 1]) >= 0xC0) --cut;
                        if (cut == 0) cut = chunk.size();
                    }
                    carry = chunk.substr(cut);
                    chunk.resize(cut);
                }
                std::vector<FieldText> part{{"body", sanitize_utf8(chunk)}};
                MS_TRY_ASSIGN(found, eval.evaluate(part, scene));
                for (const auto& f : found) emit(f, base);
                base += chunk.size();
                if (!in && carry.empty()) break;
            }
        }
        printer->finish();
        if (m_format == OutputFormat::text)
            std::cout << count << (count == 1 ? " finding" : " findings") << "\n";
        return exit_for(max_rank);
    }
};

} // namespace

std::unique_ptr<Command> make_scan_command() { return std::make_unique<ScanCommand>(); }

} // namespace ms::cli
