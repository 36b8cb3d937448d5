// mailscope flags: the findings of scans, filtered (status, tier, rule, category, message).
// `flags --status open` is the queue compliance works through.
#include "cli.hpp"
#include "printer.hpp"
#include "render.hpp"
#include "scope.hpp"

#include "mailscope/store/flags.hpp"
#include "mailscope/store/reader.hpp"
#include "mailscope/util/strings.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <tuple>

namespace ms::cli {

namespace {

class FlagsCommand final : public Command {
public:
    const char* name() const override { return "flags"; }
    const char* summary() const override { return "List the flags scans found (exit 1: none)"; }
    Action action() const override { return m_summary ? Action::flag_counts : Action::flags; }
    CaseNeed need() const override { return CaseNeed::read_only; }

    void setup(CLI::App& app) override {
        app.add_option("--status", m_filter.status, "only flags with this status")
            ->check(CLI::IsMember({"open", "allowed", "appealed", "confirmed", "dismissed", "escalated"}))
            ->type_name("STATUS");
        app.add_option("--tier", m_filter.min_tier, "only flags at or above this tier")
            ->check(CLI::IsMember({"allowed", "approval", "forbidden"}))
            ->type_name("TIER");
        app.add_option("--rule", m_filter.rule, "only flags of this rule")->type_name("RULE");
        app.add_option("--category", m_filter.category, "only flags of this category")
            ->type_name("CATEGORY");
        app.add_option("--message", m_filter.message_id, "only flags on this message")
            ->type_name("ID");
        app.add_flag("--mine", m_mine, "only flags on mail I sent (employees always)");
        app.add_flag("--summary", m_summary,
                     "counts by tier, category and status instead of the flags");
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        MS_TRY_ASSIGN(reader, MessageReader::create(ctx.kase->db()));
        const Viewer& viewer = ctx.access->viewer();
        if (m_mine && !viewer.person)
            return fail(Errc::usage, "--mine needs a person: you are nobody in the directory",
                        "act as a person with --as, or drop --mine");
        // Auditors count everything and read nothing; everyone else counts what they may see.
        bool everything = !viewer.restricted || viewer.role == Role::auditor;
        std::map<std::int64_t, std::pair<Visibility, std::optional<MessageSummary>>> seen;
        auto look = [&](std::int64_t id) -> Result<std::pair<Visibility, std::optional<MessageSummary>>*> {
            auto it = seen.find(id);
            if (it != seen.end()) return &it->second;
            if (seen.size() > 4096) seen.clear();  // flags come grouped by message
            auto s = reader.summary(id, Detail::listing);
            if (!s) return &(seen[id] = {Visibility::hidden, std::nullopt});
            Visibility v = everything ? Visibility::clear : ctx.access->visibility(*s);
            if (m_mine && !own(*s, viewer)) v = Visibility::hidden;
            if (v == Visibility::masked) ctx.access->mask_summary(*s);
            return &(seen[id] = {v, std::move(*s)});
        };
        Record detail;
        if (!m_filter.status.empty()) detail["status"] = m_filter.status;
        if (!m_filter.min_tier.empty()) detail["tier"] = m_filter.min_tier;
        if (!m_filter.rule.empty()) detail["rule"] = m_filter.rule;
        if (m_mine) detail["mine"] = true;
        if (m_summary) detail["summary"] = true;
        MS_TRY(audit(ctx, m_summary ? "flags-summary" : "flags",
                     m_filter.message_id ? std::to_string(m_filter.message_id) : "", "", detail));
        if (m_summary) return print_summary(ctx, look);
        auto printer = Printer::make(m_format, std::cout, flag_csv_columns(), flag_text_line);
        std::uint64_t count = 0;
        MS_TRY(for_each_flag(ctx.kase->db(), m_filter, [&](const FlagRow& row) -> Result<void> {
            MS_TRY_ASSIGN(entry, look(row.message_id));
            if (entry->first == Visibility::hidden) return ok();
            FlagRow f = row;
            if (entry->first == Visibility::masked) {
                f.snippet = ctx.access->mask(f.snippet);
                f.matched = ctx.access->mask(f.matched);
                f.field = ctx.access->mask(f.field);  // "attachment:FILE NAME"
            }
            printer->record(flag_record(f, entry->second ? &*entry->second : nullptr));
            ++count;
            return ok();
        }));
        printer->finish();
        return count ? k_exit_ok : k_exit_none;
    }

private:
    static bool own(const MessageSummary& s, const Viewer& v) {
        if (!v.person) return false;
        std::string from = ascii_lower(s.from.addr);
        if (from == v.person->email) return true;
        for (const auto& a : v.person->also)
            if (from == a) return true;
        return false;
    }

    template <typename Look> Result<int> print_summary(Context& ctx, Look& look) {
        std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> counts;
        std::uint64_t total = 0;
        MS_TRY(for_each_flag(ctx.kase->db(), m_filter, [&](const FlagRow& f) -> Result<void> {
            MS_TRY_ASSIGN(entry, look(f.message_id));
            if (entry->first == Visibility::hidden) return ok();
            ++counts[{f.tier, f.category, f.status}];
            ++total;
            return ok();
        }));
        auto printer = Printer::make(m_format, std::cout, {"tier", "category", "status", "count"},
                                     [](std::ostream& out, const Record& r) {
                                         char line[160];
                                         std::snprintf(line, sizeof line, "%8llu  %-10s %-8s ",
                                                       static_cast<unsigned long long>(r["count"].get<std::uint64_t>()),
                                                       r["tier"].get<std::string>().c_str(),
                                                       r["status"].get<std::string>().c_str());
                                         out << line << r["category"].get<std::string>() << "\n";
                                     });
        for (const auto& [k, n] : counts) {
            Record r;
            r["tier"] = std::get<0>(k);
            r["category"] = std::get<1>(k);
            r["status"] = std::get<2>(k);
            r["count"] = n;
            printer->record(r);
        }
        printer->finish();
        return total ? k_exit_ok : k_exit_none;
    }

    bool m_mine = false, m_summary = false;
    FlagFilter m_filter;
    OutputFormat m_format = OutputFormat::text;
};

} // namespace

std::unique_ptr<Command> make_flags_command() { return std::make_unique<FlagsCommand>(); }

} // namespace ms::cli
