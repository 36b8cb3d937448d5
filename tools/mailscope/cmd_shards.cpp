// mailscope shards: lists the index's shards (where each is, what it holds, how many
// messages), and points a shard at a `mailscope serve-shard` server or back at its folder.
#include "cli.hpp"
#include "printer.hpp"
#include "scope.hpp"

#include "mailscope/index/shards.hpp"
#include "mailscope/index/xapian_error.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ms::cli {

namespace {

void shard_text(std::ostream& out, const Record& r) {
    out << "shard " << r["shard"].get<std::int64_t>() << "  " << r["location"].get<std::string>()
        << "  ";
    if (r["messages"].is_null()) out << "unreachable: " << r["error"].get<std::string>();
    else out << r["messages"].get<std::uint64_t>() << " messages";
    out << "\n";
    if (r["by"] == "date")
        out << "    dates " << (r["date_from"].is_null() ? "..." : r["date_from"].get<std::string>())
            << " to " << (r["date_to"].is_null() ? "..." : r["date_to"].get<std::string>())
            << "\n";
    else if (r["by"] == "custodian")
        out << "    custodians " << join_array(r["custodians"], ", ") << "\n";
}

class ShardsCommand final : public Command {
public:
    const char* name() const override { return "shards"; }
    const char* summary() const override {
        return "List the index's shards; serve one from another machine";
    }
    Action action() const override { return Action::import; }
    CaseNeed need() const override { return CaseNeed::read_write; }

    void setup(CLI::App& app) override {
        auto* r = app.add_option("--remote", m_remote,
                                 "read and write shard N through the server at HOST:PORT "
                                 "(N=HOST:PORT)");
        auto* l = app.add_option("--local", m_local,
                                 "read shard N from its folder in the case again");
        app.add_option("--timeout", m_timeout,
                       "with --remote: seconds to wait for the server (default 30)")
            ->check(CLI::Range(1, 3600));
        r->excludes(l);
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        Case& c = *ctx.kase;
        if (!m_remote.empty()) {
            std::size_t eq = m_remote.find('=');
            if (eq == std::string::npos || eq == 0)
                return fail(Errc::usage, "--remote " + m_remote + ": expected N=HOST:PORT",
                            "e.g. --remote 1=10.0.0.7:8100");
            int shard = -1;
            try {
                shard = std::stoi(m_remote.substr(0, eq));
            } catch (const std::exception&) {
                return fail(Errc::usage, "--remote " + m_remote + ": the shard is not a number",
                            "`mailscope shards` lists them");
            }
            std::string hp = m_remote.substr(eq + 1);
            MS_TRY(set_shard_remote(c, shard, hp, m_timeout * 1000));
            Record detail;
            detail["remote"] = hp;
            MS_TRY(audit(ctx, "shards", std::to_string(shard), "", detail));
            std::cout << "shard " << shard << " is now read from " << hp << "\n";
        } else if (m_local >= 0) {
            MS_TRY(set_shard_local(c, m_local));
            Record detail;
            detail["remote"] = Record();
            MS_TRY(audit(ctx, "shards", std::to_string(m_local), "", detail));
            std::cout << "shard " << m_local << " is now read from " << shard_dir(c, m_local) << "\n";
        }
        return list(c);
    }

private:
    std::string m_remote;
    int m_local = -1;
    int m_timeout = 30;
    OutputFormat m_format = OutputFormat::text;

    Result<int> list(Case& c) {
        MS_TRY_ASSIGN(layout, load_shards(c.db()));
        auto printer = Printer::make(m_format, std::cout,
                                     {"shard", "location", "remote", "by", "messages", "date_from",
                                      "date_to", "custodians", "error"},
                                     shard_text);
        if (!layout.sharded()) {
            Record r;
            r["shard"] = 0;
            r["location"] = c.index_dir();
            r["remote"] = Record();
            r["by"] = "none";
            r["date_from"] = Record();
            r["date_to"] = Record();
            r["custodians"] = Record::array();
            r["error"] = "";
            auto db = open_index(c, layout);
            if (db) r["messages"] = db->get_doccount();
            else r["error"] = db.error().message;
            printer->record(r);
            printer->finish();
            return k_exit_ok;
        }
        for (std::size_t i = 0; i < layout.shards.size(); ++i) {
            const Shard& s = layout.shards[i];
            Record r;
            r["shard"] = s.number;
            r["location"] = s.remote.empty() ? shard_dir(c, s.number) : "remote " + s.remote;
            r["remote"] = s.remote.empty() ? Record() : Record(s.remote);
            r["by"] = shard_by_name(layout.by);
            bool by_date = layout.by == ShardBy::date;
            r["date_from"] = by_date && s.date_from ? Record(iso8601_utc(*s.date_from)) : Record();
            r["date_to"] = by_date && i + 1 < layout.shards.size() && layout.shards[i + 1].date_from
                               ? Record(iso8601_utc(*layout.shards[i + 1].date_from))
                               : Record();
            r["custodians"] = Record::array();
            for (const std::string& who : s.custodians) r["custodians"].push_back(who);
            r["error"] = "";
            // One shard at a time, so that an unreachable server is named.
            auto db = open_shard(c, s);
            if (db) {
                try {
                    r["messages"] = db->get_doccount();
                } catch (const Xapian::Error& e) {
                    r["error"] = xapian_error(e, describe_shard(c, s)).message;
                }
            } else {
                r["error"] = db.error().message;
            }
            if (!r.contains("messages")) r["messages"] = Record();
            printer->record(r);
        }
        printer->finish();
        return k_exit_ok;
    }
};

} // namespace

std::unique_ptr<Command> make_shards_command() { return std::make_unique<ShardsCommand>(); }

} // namespace ms::cli
