#include "stats_signals.hpp"

#include "printer.hpp"

#include "mailscope/analytics/signals.hpp"
#include "mailscope/util/time.hpp"

#include <cstdio>
#include <iostream>

namespace ms::cli {

namespace {

Result<std::set<std::int64_t>> flagged(Db& db, const std::string& category) {
    std::set<std::int64_t> ids;
    MS_TRY_ASSIGN(st, db.prepare("SELECT DISTINCT message_id FROM flags WHERE category = ?"));
    st.bind(1, category);
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        ids.insert(st.int64(0));
    }
    return ids;
}

// Who takes the Nth inquiry: the named person, else the manager of the owner's department.
const Person* route(const Directory* dir, const Person* fixed, const std::string& owner) {
    if (fixed) return fixed;
    if (!dir) return nullptr;
    const Person* o = dir->person(owner);
    if (!o || o->department.empty()) return nullptr;
    for (const auto& p : dir->people)
        if (p.role == Role::manager && p.department == o->department) return &p;
    return nullptr;
}

} // namespace

Result<int> stats_signals(Context& ctx, AnalyticsView& view, const SignalsArgs& a,
                          OutputFormat fmt) {
    const Directory* dir = ctx.access->directory();
    const Person* fixed = nullptr;
    if (!a.route_to.empty()) {
        if (!dir)
            return fail(Errc::usage, "--route-to needs the case's directory",
                        "install one with mailscope org set FILE");
        MS_TRY_ASSIGN(p, find_person(*dir, a.route_to));
        fixed = p;
    }
    MS_TRY_ASSIGN(inq, flagged(ctx.kase->db(), a.inquiry));
    MS_TRY_ASSIGN(ord, flagged(ctx.kase->db(), a.order));
    if (inq.empty() && ord.empty())
        return fail(Errc::not_found,
                    "no mail is flagged with the categories '" + a.inquiry + "' or '" + a.order + "'",
                    "scan with a policy whose rules have those categories (see "
                    "examples/demo/signals.toml), or name yours with --inquiry and --order");
    SignalsReport rep = buying_signals(view.model, inq, ord, a.nth);
    bool text = fmt == OutputFormat::text;
    auto printer = Printer::make(
        fmt, std::cout, {"customer", "inquiries", "orders", "inquiries_before_order", "mean", "open_inquiries"},
        [](std::ostream& out, const Record& r) {
            char line[160], mean[16] = "    -";
            if (!r["mean"].is_null()) std::snprintf(mean, sizeof mean, "%5.2f", r["mean"].get<double>());
            std::snprintf(line, sizeof line, "%5llu inquiries %4llu orders  mean %s  open %3u  ",
                          static_cast<unsigned long long>(r["inquiries"].get<std::uint64_t>()),
                          static_cast<unsigned long long>(r["orders"].get<std::uint64_t>()),
                          mean, r["open_inquiries"].get<unsigned>());
            out << line << r["customer"].get<std::string>() << "\n";
        });
    if (text)
        std::cout << "inquiries before each order (categories " << a.inquiry << " / " << a.order
                  << ")\n";
    for (const auto& c : rep.customers) {
        Record r;
        if (fmt == OutputFormat::json) r["record"] = "customer";
        r["customer"] = view.party(ctx, c.customer);
        r["inquiries"] = c.inquiries;
        r["orders"] = c.orders;
        if (fmt == OutputFormat::csv) {
            std::string list;
            for (auto n : c.inquiries_before_order) list += (list.empty() ? "" : ";") + std::to_string(n);
            r["inquiries_before_order"] = list;
        } else {
            r["inquiries_before_order"] = c.inquiries_before_order;
        }
        r["mean"] = c.orders ? Record(c.mean) : Record();
        r["open_inquiries"] = c.open_inquiries;
        printer->record(r);
    }
    printer->finish();
    if (fmt == OutputFormat::csv) return rep.customers.empty() ? k_exit_none : k_exit_ok;
    if (text) {
        char line[128];
        std::snprintf(line, sizeof line, "\naverage: %.2f inquiries before an order (%llu orders)\n",
                      rep.mean, static_cast<unsigned long long>(rep.orders));
        std::cout << line << "routed (inquiry number " << a.nth << " of a run):\n";
    } else {
        Record r;
        r["record"] = "average";
        r["orders"] = rep.orders;
        r["mean"] = rep.orders ? Record(rep.mean) : Record();
        auto p = Printer::make(fmt, std::cout, {}, nullptr);
        p->record(r);
        p->finish();
    }
    auto routed = Printer::make(
        fmt, std::cout, {}, [](std::ostream& out, const Record& r) {
            out << "  " << r["message"].get<std::int64_t>() << "  " << r["date"].get<std::string>().substr(0, 16)
                << "  " << r["customer"].get<std::string>() << "  -> "
                << (r["route_to_name"].get<std::string>().empty() ? std::string("(nobody: no manager)")
                                                                  : r["route_to_name"].get<std::string>())
                << "\n";
        });
    for (const auto& x : rep.routed) {
        Record r;
        if (fmt == OutputFormat::json) r["record"] = "route";
        r["message"] = x.message;
        r["customer"] = view.party(ctx, x.customer);
        r["date"] = iso8601_utc(x.date);
        r["nth"] = x.nth;
        r["owner"] = x.owner;
        const Person* p = route(dir, fixed, x.owner);
        r["route_to"] = p ? p->email : "";
        r["route_to_name"] = p ? p->name : "";
        routed->record(r);
    }
    routed->finish();
    return k_exit_ok;
}

} // namespace ms::cli
