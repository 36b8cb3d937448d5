// mailscope timeline: the dated history of a customer, an employee or a thread, grouped by
// thread: who wrote to whom, the subject, the first meaningful lines, attachments and flags.
#include "analytics_view.hpp"
#include "cli.hpp"
#include "printer.hpp"
#include "scope.hpp"

#include "mailscope/analytics/excerpt.hpp"
#include "mailscope/report/svg.hpp"
#include "mailscope/store/flags.hpp"
#include "mailscope/store/reader.hpp"
#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <map>

namespace ms::cli {

namespace {

class TimelineCommand final : public Command {
public:
    const char* name() const override { return "timeline"; }
    const char* summary() const override {
        return "The dated history of a customer, an employee or a thread";
    }
    Action action() const override { return Action::read; }
    CaseNeed need() const override { return CaseNeed::read_only; }

    void setup(CLI::App& app) override {
        auto* c = app.add_option("--customer", m_customer,
                                 "a customer: directory name, domain or address")->type_name("CUSTOMER");
        auto* e = app.add_option("--employee", m_employee,
                                 "a person of the directory: address, login or name")->type_name("PERSON");
        auto* t = app.add_option("--thread", m_thread, "the thread of this message id")
                      ->type_name("ID");
        c->excludes(e)->excludes(t);
        e->excludes(t);
        app.add_option("--since", m_since, "only mail from this date (UTC)")->type_name("DATE");
        app.add_option("--until", m_until, "only mail up to this date (UTC)")->type_name("DATE");
        app.add_option("--lines", m_lines, "lines of each mail's text to show (default 3)")
            ->type_name("N");
        add_work_domain_option(app, m_opts);
        add_choice_option(app, "--format", m_format, {"text", "json", "csv", "html"},
                          "output format (default text)", "FORMAT");
    }

    Result<int> run(Context& ctx) override {
        if (m_customer.empty() && m_employee.empty() && !m_thread)
            return fail(Errc::usage, "timeline of whom? give --customer, --employee or --thread",
                        "e.g. mailscope timeline --customer mingda-elec.com");
        MS_TRY_ASSIGN(view, load_view(ctx, m_opts));
        std::int64_t since = 0, until = 0;
        if (!m_since.empty()) { MS_TRY_ASSIGN(x, parse_when(ctx, m_since, false, "--since")); since = x; }
        if (!m_until.empty()) { MS_TRY_ASSIGN(x, parse_when(ctx, m_until, true, "--until")); until = x; }

        std::vector<std::string> addrs;  // the employee's addresses
        std::string customer, target;
        std::int64_t thread = 0;
        if (!m_customer.empty()) {
            MS_TRY_ASSIGN(c, resolve_customer(view, m_customer));
            customer = c;
            target = "customer:" + customer;
        } else if (!m_employee.empty()) {
            const Directory* dir = ctx.access->directory();
            if (!dir)
                return fail(Errc::usage, "--employee needs the case's directory",
                            "install one with mailscope org set FILE, or use --customer");
            MS_TRY_ASSIGN(p, find_person(*dir, m_employee));
            addrs.push_back(p->email);
            for (const auto& a : p->also) addrs.push_back(a);
            target = "employee:" + p->email;
        } else {
            auto it = std::find_if(view.model.messages.begin(), view.model.messages.end(),
                                   [&](const CommMessage& m) { return m.id == m_thread; });
            if (it == view.model.messages.end())
                return fail(Errc::not_found, "message " + std::to_string(m_thread) +
                                                 " is not in the case, has no date, or is not yours to see");
            thread = it->thread;
            target = "thread:" + std::to_string(m_thread);
        }
        auto involves = [&](const CommMessage& m) {
            if (thread) return m.thread == thread;
            if (!customer.empty()) {
                for (const auto& c : m.customers)
                    if (c == customer || ascii_lower(c) == ascii_lower(customer)) return true;
                return false;
            }
            for (const auto& a : addrs) {
                if (m.from == a) return true;
                for (const auto* l : {&m.to, &m.cc})
                    if (std::find(l->begin(), l->end(), a) != l->end()) return true;
            }
            return false;
        };
        // Threads in the order of their first message, then each thread's mail by date.
        std::vector<const CommMessage*> picked;
        std::map<std::int64_t, std::int64_t> thread_start;
        for (const auto& m : view.model.messages) {
            if (since && m.date < since) continue;
            if (until && m.date > until) continue;
            if (!involves(m)) continue;
            picked.push_back(&m);
            thread_start.emplace(m.thread, m.date);
        }
        std::stable_sort(picked.begin(), picked.end(), [&](const CommMessage* a, const CommMessage* b) {
            auto ta = thread_start[a->thread], tb = thread_start[b->thread];
            if (ta != tb) return ta < tb;
            if (a->thread != b->thread) return a->thread < b->thread;
            return a->date != b->date ? a->date < b->date : a->id < b->id;
        });
        Record detail;
        if (!m_since.empty()) detail["since"] = m_since;
        if (!m_until.empty()) detail["until"] = m_until;
        detail["messages"] = picked.size();
        MS_TRY(audit(ctx, "timeline", target, "", detail));

        MS_TRY_ASSIGN(reader, MessageReader::create(ctx.kase->db()));
        std::vector<Record> records;
        for (const CommMessage* m : picked) {
            MS_TRY_ASSIGN(r, record_of(ctx, view, reader, *m));
            records.push_back(std::move(r));
        }
        if (m_format == 3) {
            print_html(ctx, target, records);
        } else {
            auto printer = Printer::make(
                static_cast<OutputFormat>(m_format), std::cout,
                {"thread", "id", "date", "direction", "from", "to", "cc", "subject", "excerpt",
                 "attachments", "flags"},
                [this](std::ostream& out, const Record& r) { text_line(out, r); });
            for (auto& r : records) {
                if (m_format == 2) {
                    r["to"] = join_array(r["to"], "; ");
                    r["cc"] = join_array(r["cc"], "; ");
                    r["attachments"] = join_array(r["attachments"], "; ");
                    r["flags"] = join_array(r["flags"], "; ");
                }
                printer->record(r);
            }
            printer->finish();
        }
        if (records.empty() && !ctx.quiet)
            std::cerr << "mailscope: no mail of " << target << " in what you may see"
                      << (since || until ? " in that period" : "")
                      << (customer.empty() ? "" : " (customers: `mailscope stats customers`)")
                      << "\n";
        return records.empty() ? k_exit_none : k_exit_ok;
    }

private:
    std::string m_customer, m_employee, m_since, m_until;
    std::int64_t m_thread = 0;
    std::size_t m_lines = 3;
    AnalyticsOptions m_opts;
    int m_format = 0;
    std::int64_t m_last_thread = -1;

    Result<Record> record_of(Context& ctx, AnalyticsView& view, MessageReader& reader,
                             const CommMessage& m) {
        Record r;
        r["thread"] = m.thread;
        r["id"] = m.id;
        r["date"] = iso8601_utc(m.date);
        r["direction"] = direction_name(m.dir);
        r["from"] = view.party(ctx, m.from);
        Record to = Record::array(), cc = Record::array();
        for (const auto& a : m.to) to.push_back(view.party(ctx, a));
        for (const auto& a : m.cc) cc.push_back(view.party(ctx, a));
        r["to"] = to;
        r["cc"] = cc;
        r["subject"] = view.text(ctx, m.id, m.subject);
        std::string body;
        MS_TRY_ASSIGN(texts, reader.texts(m.id));
        for (const auto& f : texts)
            if (f.name == "body") body = f.text;
        r["excerpt"] = view.text(ctx, m.id, excerpt(body, m_lines, 100 * m_lines));
        Record atts = Record::array();
        if (m.has_attachment) {
            MS_TRY_ASSIGN(s, reader.summary(m.id, Detail::index));
            for (const auto& a : s.attachments)
                if (!a.is_inline || !a.filename.empty())
                    atts.push_back(view.text(ctx, m.id, a.filename.empty() ? a.part : a.filename));
        }
        r["attachments"] = atts;
        FlagFilter ff;
        ff.message_id = m.id;
        MS_TRY_ASSIGN(flags, list_flags(ctx.kase->db(), ff));
        Record fl = Record::array();
        for (const auto& f : flags) {
            std::string s = f.rule + " (" + f.tier + ")";
            if (std::find(fl.begin(), fl.end(), Record(s)) == fl.end()) fl.push_back(s);
        }
        r["flags"] = fl;
        return r;
    }

    void text_line(std::ostream& out, const Record& r) {
        if (r["thread"].get<std::int64_t>() != m_last_thread) {
            if (m_last_thread != -1) out << "\n";
            m_last_thread = r["thread"].get<std::int64_t>();
            out << "== thread " << m_last_thread << ": " << r["subject"].get<std::string>() << "\n";
        }
        std::string dir = r["direction"].get<std::string>();
        out << r["date"].get<std::string>().substr(0, 16) << "  #" << r["id"].get<std::int64_t>()
            << "  " << (dir == "inbound" ? "<-" : dir == "outbound" ? "->" : "--") << " "
            << r["from"].get<std::string>() << " to " << join_array(r["to"], ", ");
        if (!r["cc"].empty()) out << " (+" << r["cc"].size() << " cc)";
        out << "\n    " << r["subject"].get<std::string>() << "\n";
        if (!r["excerpt"].get<std::string>().empty())
            out << "    " << r["excerpt"].get<std::string>() << "\n";
        if (!r["attachments"].empty()) out << "    attachments: " << join_array(r["attachments"], ", ") << "\n";
        if (!r["flags"].empty()) out << "    flags: " << join_array(r["flags"], ", ") << "\n";
    }

    void print_html(const Context&, const std::string& target, const std::vector<Record>& rs) {
        std::ostream& o = std::cout;
        o << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>mailscope timeline "
          << html_escape(target) << "</title>\n<style>body{font-family:sans-serif;margin:2em}"
             "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;"
             "padding:4px 8px;vertical-align:top;text-align:left}h2{margin-top:1.5em}"
             ".in{color:#06c}.out{color:#080}.flag{color:#b00}</style></head><body>\n"
          << "<h1>Timeline: " << html_escape(target) << "</h1>\n<p>" << rs.size()
          << " messages</p>\n";
        std::int64_t thread = -1;
        for (const auto& r : rs) {
            if (r["thread"].get<std::int64_t>() != thread) {
                if (thread != -1) o << "</table>\n";
                thread = r["thread"].get<std::int64_t>();
                o << "<h2 class=\"thread\">" << html_escape(r["subject"].get<std::string>())
                  << "</h2>\n<table><tr><th>date (UTC)</th><th>id</th><th>from</th><th>to</th>"
                     "<th>text</th><th>attachments</th><th>flags</th></tr>\n";
            }
            std::string dir = r["direction"].get<std::string>();
            o << "<tr class=\"" << (dir == "inbound" ? "in" : dir == "outbound" ? "out" : "int")
              << "\"><td>" << html_escape(r["date"].get<std::string>().substr(0, 16)) << "</td><td>"
              << r["id"].get<std::int64_t>() << "</td><td>" << html_escape(r["from"].get<std::string>())
              << "</td><td>" << html_escape(join_array(r["to"], ", ")) << "</td><td><b>"
              << html_escape(r["subject"].get<std::string>()) << "</b><br>"
              << html_escape(r["excerpt"].get<std::string>()) << "</td><td>"
              << html_escape(join_array(r["attachments"], ", ")) << "</td><td class=\"flag\">"
              << html_escape(join_array(r["flags"], ", ")) << "</td></tr>\n";
        }
        if (thread != -1) o << "</table>\n";
        o << "</body></html>\n";
    }
};

} // namespace

std::unique_ptr<Command> make_timeline_command() { return std::make_unique<TimelineCommand>(); }

} // namespace ms::cli
