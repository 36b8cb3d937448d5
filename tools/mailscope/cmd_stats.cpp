// mailscope stats customers|departments|cc: communication statistics over the viewer's share
// of the case (mailscope-analytics(7) defines every figure).
#include "analytics_view.hpp"
#include "cli.hpp"
#include "printer.hpp"
#include "scope.hpp"
#include "stats_signals.hpp"

#include "mailscope/analytics/replies.hpp"
#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace ms::cli {

namespace {

Record summary_record(const Summary& s) {
    Record r;
    r["count"] = s.count;
    r["median_s"] = s.count ? Record(std::llround(s.median)) : Record();
    r["mean_s"] = s.count ? Record(std::llround(s.mean)) : Record();
    return r;
}

std::string hours(const Summary& s, bool median) {
    if (!s.count) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", (median ? s.median : s.mean) / 3600.0);
    return buf;
}

std::string dur(const Summary& s, bool median) {
    return s.count ? human_duration(median ? s.median : s.mean) : "-";
}

class StatsCommand final : public Command {
public:
    const char* name() const override { return "stats"; }
    const char* summary() const override {
        return "Reply times, unanswered runs, escalations, department and CC statistics";
    }
    Action action() const override { return Action::read; }
    CaseNeed need() const override { return CaseNeed::read_only; }

    void setup(CLI::App& app) override {
        app.require_subcommand(1);
        m_customers = app.add_subcommand("customers", "Per customer: volume, reply times, "
                                                      "unanswered runs, escalations");
        m_customers->add_option("--customer", m_customer, "only this customer (name, domain "
                                                          "or address)")->type_name("CUSTOMER");
        m_customers->add_option("--as-of", m_as_of, "the moment runs and escalations are "
                                                    "judged at (default: the last message)")
            ->type_name("DATE");
        m_customers->add_option("--escalate-after", m_escalate_hours,
                                "hours unanswered before mail escalates (default 48)")
            ->type_name("HOURS")->check(CLI::PositiveNumber);
        m_customers->add_option("--churn-run", m_churn_run,
                                "unanswered mails in a row that make a churn risk (default 3)")
            ->type_name("N")->check(CLI::PositiveNumber);
        auto* esc = m_customers->add_flag("--escalations", m_only_escalations,
                                          "list only the escalations");
        m_customers->add_flag("--churn", m_only_churn, "list only the churn risks")->excludes(esc);
        m_departments = app.add_subcommand("departments",
                                           "Median reply times between departments");
        m_cc = app.add_subcommand("cc", "Mail with many CC recipients, who sends it, and reply "
                                        "times by CC count");
        m_cc->add_option("--min-cc", m_min_cc, "more than this many CC recipients is heavy "
                                               "(default 5)")->type_name("N");
        m_cc->add_flag("--messages", m_cc_messages, "list the heavy messages");
        m_signals = app.add_subcommand("signals", "Inquiries before each order, and the "
                                                  "routing of the Nth inquiry of a run");
        m_signals->add_option("--inquiry", m_sig.inquiry,
                              "the policy category of inquiries (default inquiry)")->type_name("CATEGORY");
        m_signals->add_option("--order", m_sig.order,
                              "the policy category of orders (default order)")->type_name("CATEGORY");
        m_signals->add_option("--route-after", m_sig.nth,
                              "route the Nth inquiry of a run (default 3)")->type_name("N")
            ->check(CLI::PositiveNumber);
        m_signals->add_option("--route-to", m_sig.route_to, "the senior salesperson who takes "
                              "it (default: the manager of the inquiry's recipient)")->type_name("PERSON");
        for (CLI::App* s : {m_customers, m_departments, m_cc, m_signals}) {
            s->add_option("--since", m_since, "only mail from this date (UTC)")->type_name("DATE");
            s->add_option("--until", m_until, "only mail up to this date (UTC)")->type_name("DATE");
            add_work_domain_option(*s, m_opts);
            add_format_option(*s, m_format);
            s->fallthrough();
        }
    }

    Result<int> run(Context& ctx) override {
        MS_TRY_ASSIGN(view, load_view(ctx, m_opts));
        std::int64_t since = 0, until = 0;
        if (!m_since.empty()) { MS_TRY_ASSIGN(t, parse_when(ctx, m_since, false, "--since")); since = t; }
        if (!m_until.empty()) { MS_TRY_ASSIGN(t, parse_when(ctx, m_until, true, "--until")); until = t; }
        if (since || until) {
            std::vector<CommMessage> keep;
            for (auto& m : view.model.messages)
                if ((!since || m.date >= since) && (!until || m.date <= until)) keep.push_back(std::move(m));
            view.model.messages = std::move(keep);
            view.model.first = view.model.messages.empty() ? 0 : view.model.messages.front().date;
            view.model.last = view.model.messages.empty() ? 0 : view.model.messages.back().date;
        }
        Record detail;
        if (!m_since.empty()) detail["since"] = m_since;
        if (!m_until.empty()) detail["until"] = m_until;
        if (m_customers->parsed()) {
            // Bad input fails before the audit record, which would otherwise say "ok".
            if (!m_as_of.empty()) { MS_TRY_ASSIGN(t, parse_when(ctx, m_as_of, true, "--as-of")); m_as_of_t = t; }
            if (!m_customer.empty()) {
                MS_TRY_ASSIGN(c, resolve_customer(view, m_customer));
                detail["customer"] = m_customer;
                m_customer = c;
            }
            if (!m_as_of.empty()) detail["as_of"] = m_as_of;
            MS_TRY(audit(ctx, "stats-customers", m_customer, "", detail));
            return customers(ctx, view);
        }
        if (m_departments->parsed()) {
            MS_TRY(audit(ctx, "stats-departments", "", "", detail));
            return departments(ctx, view);
        }
        if (m_signals->parsed()) {
            MS_TRY(audit(ctx, "stats-signals", "", "", detail));
            return stats_signals(ctx, view, m_sig, m_format);
        }
        detail["min_cc"] = m_min_cc;
        MS_TRY(audit(ctx, "stats-cc", "", "", detail));
        return cc(ctx, view);
    }

private:
    CLI::App *m_customers = nullptr, *m_departments = nullptr, *m_cc = nullptr, *m_signals = nullptr;
    SignalsArgs m_sig;
    AnalyticsOptions m_opts;
    std::string m_customer, m_as_of, m_since, m_until;
    std::int64_t m_as_of_t = 0;
    double m_escalate_hours = 48;
    unsigned m_churn_run = 3, m_min_cc = 5;
    bool m_only_escalations = false, m_only_churn = false, m_cc_messages = false;
    OutputFormat m_format = OutputFormat::text;

    std::string who(const Context& ctx, const std::string& addr, std::string* dept = nullptr) const {
        const Directory* dir = ctx.access->directory();
        const Person* p = dir ? dir->person(addr) : nullptr;
        if (dept) *dept = p ? p->department : "";
        return p ? p->name : "";
    }

    bool wanted(const std::string& customer) const {
        if (m_customer.empty()) return true;
        std::string c = ascii_lower(m_customer);
        return ascii_lower(customer) == c || customer == m_customer;
    }

    Result<int> customers(Context& ctx, AnalyticsView& view) {
        CustomerOptions o;
        o.as_of = m_as_of_t;
        o.escalate_after = static_cast<std::int64_t>(m_escalate_hours * 3600);
        o.utc_offset = [&](std::int64_t t) { return view.utc_offset(ctx, t); };
        CustomerReport rep = customer_stats(view.model, o);
        if (!m_customer.empty() && !ctx.quiet &&
            std::none_of(rep.customers.begin(), rep.customers.end(),
                         [&](const CustomerStats& c) { return wanted(c.customer); }))
            std::cerr << "mailscope: no mail with customer '" << m_customer
                      << "' in what you may see (drop --customer to list them)\n";
        std::uint64_t printed = 0;
        bool text = m_format == OutputFormat::text;
        if (!m_only_escalations) {
            auto printer = Printer::make(
                m_format, std::cout,
                {"customer", "inbound", "outbound", "first", "last", "our_reply_count",
                 "our_reply_median_h", "our_reply_mean_h", "their_reply_count",
                 "their_reply_median_h", "their_reply_mean_h", "current_run",
                 "current_run_since", "longest_run", "churn_risk", "contacts"},
                [&](std::ostream& out, const Record& r) {
                    char line[512];
                    std::snprintf(line, sizeof line, "%5llu in %5llu out  us %-12s them %-12s run %2u%s  ",
                                  static_cast<unsigned long long>(r["inbound"].get<std::uint64_t>()),
                                  static_cast<unsigned long long>(r["outbound"].get<std::uint64_t>()),
                                  r["_our"].get<std::string>().c_str(), r["_their"].get<std::string>().c_str(),
                                  r["current_run"].get<unsigned>(), r["churn_risk"].get<bool>() ? " CHURN" : "      ");
                    out << line << r["customer"].get<std::string>() << "\n";
                });
            if (text && !m_only_churn)
                std::cout << "customers as of " << iso8601_utc(rep.as_of)
                          << " (in/out: mails; us/them: median first reply; run: their mails "
                             "since our last)\n";
            for (const auto& s : rep.customers) {
                if (!wanted(s.customer)) continue;
                bool churn = s.current_run >= m_churn_run;
                if (m_only_churn && !churn) continue;
                Record r;
                if (m_format == OutputFormat::json) r["record"] = "customer";
                r["customer"] = view.party(ctx, s.customer);
                r["inbound"] = s.inbound;
                r["outbound"] = s.outbound;
                r["first"] = iso8601_utc(s.first);
                r["last"] = iso8601_utc(s.last);
                if (m_format == OutputFormat::csv) {
                    r["our_reply_count"] = s.our.count;
                    r["our_reply_median_h"] = hours(s.our, true);
                    r["our_reply_mean_h"] = hours(s.our, false);
                    r["their_reply_count"] = s.their.count;
                    r["their_reply_median_h"] = hours(s.their, true);
                    r["their_reply_mean_h"] = hours(s.their, false);
                } else {
                    r["our_reply"] = summary_record(s.our);
                    r["their_reply"] = summary_record(s.their);
                }
                r["current_run"] = s.current_run;
                r["current_run_since"] = s.current_run ? Record(iso8601_utc(s.current_run_since)) : Record();
                r["longest_run"] = s.longest_run;
                r["churn_risk"] = churn;
                Record contacts = Record::array();
                for (const auto& c : s.contacts) contacts.push_back(c);
                r["contacts"] = contacts;
                if (m_format == OutputFormat::json) {
                    Record months = Record::object();
                    for (const auto& [m, v] : s.months) months[m] = {{"inbound", v.inbound}, {"outbound", v.outbound}};
                    r["months"] = months;
                }
                if (text) {
                    r["_our"] = dur(s.our, true);
                    r["_their"] = dur(s.their, true);
                }
                printer->record(r);
                ++printed;
            }
            printer->finish();
        }
        if (m_only_churn) return printed ? k_exit_ok : k_exit_none;
        if (m_format == OutputFormat::csv && !m_only_escalations) return printed ? k_exit_ok : k_exit_none;
        auto printer = Printer::make(
            m_format, std::cout,
            {"message", "customer", "date", "waiting_h", "from", "owner", "owner_name",
             "owner_department", "subject"},
            [&](std::ostream& out, const Record& r) {
                out << "  " << r["message"].get<std::int64_t>() << "  "
                    << r["date"].get<std::string>().substr(0, 16) << "  waiting "
                    << r["_waiting"].get<std::string>() << "  " << r["customer"].get<std::string>()
                    << " -> " << (r["owner_name"].get<std::string>().empty()
                                      ? r["owner"].get<std::string>()
                                      : r["owner_name"].get<std::string>())
                    << "  " << r["subject"].get<std::string>() << "\n";
            });
        if (text) {
            std::size_t n = 0;
            for (const auto& e : rep.escalations) n += wanted(e.customer);
            std::cout << (m_only_escalations ? "" : "\n") << "escalations: " << n
                      << " mails unanswered for more than " << m_escalate_hours << " h\n";
        }
        for (const auto& e : rep.escalations) {
            if (!wanted(e.customer)) continue;
            Record r;
            if (m_format == OutputFormat::json) r["record"] = "escalation";
            r["message"] = e.message;
            r["customer"] = view.party(ctx, e.customer);
            r["date"] = iso8601_utc(e.date);
            char h[32];
            std::snprintf(h, sizeof h, "%.1f", static_cast<double>(e.waiting) / 3600.0);
            r["waiting_h"] = m_format == OutputFormat::json ? Record(std::stod(h)) : Record(h);
            r["from"] = view.party(ctx, e.from);
            std::string dept;
            r["owner"] = e.owner;
            r["owner_name"] = who(ctx, e.owner, &dept);
            r["owner_department"] = dept;
            r["subject"] = view.text(ctx, e.message, e.subject);
            if (text) r["_waiting"] = human_duration(static_cast<double>(e.waiting));
            printer->record(r);
            ++printed;
        }
        printer->finish();
        return printed ? k_exit_ok : k_exit_none;
    }

    Result<int> departments(Context& ctx, AnalyticsView& view) {
        const Directory* dir = ctx.access->directory();
        if (!dir)
            return fail(Errc::usage, "department statistics need the case's directory",
                        "install one with mailscope org set FILE");
        auto cells = department_reply_times(view.model, *dir);
        auto printer = Printer::make(
            m_format, std::cout,
            {"from_department", "to_department", "replies", "median_h", "mean_h"},
            [](std::ostream& out, const Record& r) {
                char line[256];
                std::snprintf(line, sizeof line, "%-14s -> %-14s %5llu replies  median %-12s mean %s\n",
                              r["from_department"].get<std::string>().c_str(),
                              r["to_department"].get<std::string>().c_str(),
                              static_cast<unsigned long long>(r["replies"].get<std::uint64_t>()),
                              r["_median"].get<std::string>().c_str(), r["_mean"].get<std::string>().c_str());
                out << line;
            });
        if (m_format == OutputFormat::text)
            std::cout << "who asks -> who answers: first reply to internal mail\n";
        for (const auto& c : cells) {
            Record r;
            r["from_department"] = c.from_department;
            r["to_department"] = c.to_department;
            r["replies"] = c.summary.count;
            if (m_format == OutputFormat::json) {
                r["median_s"] = std::llround(c.summary.median);
                r["mean_s"] = std::llround(c.summary.mean);
            } else {
                r["median_h"] = hours(c.summary, true);
                r["mean_h"] = hours(c.summary, false);
            }
            if (m_format == OutputFormat::text) {
                r["_median"] = dur(c.summary, true);
                r["_mean"] = dur(c.summary, false);
            }
            printer->record(r);
        }
        printer->finish();
        return cells.empty() ? k_exit_none : k_exit_ok;
    }

    Result<int> cc(Context& ctx, AnalyticsView& view) {
        CcReport rep = cc_stats(view.model, m_min_cc);
        bool text = m_format == OutputFormat::text;
        if (m_cc_messages) {
            auto printer = Printer::make(
                m_format, std::cout, {"message", "date", "from", "cc", "to", "subject"},
                [](std::ostream& out, const Record& r) {
                    out << r["message"].get<std::int64_t>() << "  " << r["date"].get<std::string>().substr(0, 16)
                        << "  cc " << r["cc"].get<std::uint64_t>() << "  " << r["from"].get<std::string>()
                        << "  " << r["subject"].get<std::string>() << "\n";
                });
            for (std::size_t i : rep.heavy) {
                const CommMessage& m = view.model.messages[i];
                Record r;
                r["message"] = m.id;
                r["date"] = iso8601_utc(m.date);
                r["from"] = view.party(ctx, m.from);
                r["cc"] = m.cc.size();
                r["to"] = m.to.size();
                r["subject"] = view.text(ctx, m.id, m.subject);
                printer->record(r);
            }
            printer->finish();
            return rep.heavy.empty() ? k_exit_none : k_exit_ok;
        }
        if (text)
            std::cout << rep.heavy.size() << " mails with more than " << rep.min_cc
                      << " recipients in CC; senders:\n";
        auto senders = Printer::make(
            m_format, std::cout, {"sender", "name", "messages", "cc_total"},
            [](std::ostream& out, const Record& r) {
                char line[128];
                std::snprintf(line, sizeof line, "%6llu mails  %6llu CC  ",
                              static_cast<unsigned long long>(r["messages"].get<std::uint64_t>()),
                              static_cast<unsigned long long>(r["cc_total"].get<std::uint64_t>()));
                out << line << r["sender"].get<std::string>();
                if (!r["name"].get<std::string>().empty()) out << " (" << r["name"].get<std::string>() << ")";
                out << "\n";
            });
        for (const auto& s : rep.senders) {
            Record r;
            if (m_format == OutputFormat::json) r["record"] = "sender";
            r["sender"] = view.party(ctx, s.sender);
            r["name"] = who(ctx, s.sender);
            r["messages"] = s.messages;
            r["cc_total"] = s.cc_total;
            senders->record(r);
        }
        senders->finish();
        if (m_format == OutputFormat::csv) return k_exit_ok;
        if (text) std::cout << "\nreply time by number of CC recipients:\n";
        auto buckets = Printer::make(
            m_format, std::cout, {"cc", "messages", "answered", "median_h", "mean_h"},
            [](std::ostream& out, const Record& r) {
                char line[192];
                std::snprintf(line, sizeof line, "  CC %-5s %7llu mails  %6llu answered  median %s\n",
                              r["cc"].get<std::string>().c_str(),
                              static_cast<unsigned long long>(r["messages"].get<std::uint64_t>()),
                              static_cast<unsigned long long>(r["answered"].get<std::uint64_t>()),
                              r["_median"].get<std::string>().c_str());
                out << line;
            });
        for (const auto& b : rep.buckets) {
            Record r;
            if (m_format == OutputFormat::json) r["record"] = "cc_bucket";
            r["cc"] = b.label;
            r["messages"] = b.messages;
            r["answered"] = b.answered;
            r["reply"] = summary_record(b.reply);
            if (text) r["_median"] = dur(b.reply, true);
            buckets->record(r);
        }
        buckets->finish();
        return k_exit_ok;
    }
};

} // namespace

std::unique_ptr<Command> make_stats_command() { return std::make_unique<StatsCommand>(); }

} // namespace ms::cli
