#include "analytics_view.hpp"

#include "mailscope/index/query.hpp"
#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <CLI/CLI.hpp>
#include <cctype>
#include <cstdio>
#include <set>

namespace ms::cli {

void add_work_domain_option(CLI::App& app, AnalyticsOptions& o) {
    app.add_option("--work-domain", o.work_domains,
                   "a domain of the company (repeatable; added to the directory's)")
        ->type_name("DOMAIN");
}

Result<AnalyticsView> load_view(Context& ctx, const AnalyticsOptions& o) {
    AnalyticsView v;
    const Directory* dir = ctx.access->directory();
    v.parties = std::make_unique<Parties>(dir, o.work_domains);
    if (!v.parties->has_work_domains())
        return fail(Errc::usage, "which mail is the company's is unknown: the case has no "
                                 "directory with work domains",
                    "install a directory (mailscope org set FILE) or name the company's "
                    "domains with --work-domain, e.g. --work-domain enron.com");
    Access& access = *ctx.access;
    MS_TRY_ASSIGN(model, load_comm(ctx.kase->db(), *v.parties, [&](const CommMessage& m) {
        MessageSummary s;
        s.id = m.id;
        s.date = m.date;
        s.from.addr = m.from;
        for (const auto& a : m.to) s.to.push_back(Address{"", a});
        for (const auto& a : m.cc) s.cc.push_back(Address{"", a});
        for (const auto& a : m.bcc) s.bcc.push_back(Address{"", a});
        Visibility vis = access.visibility(s);
        if (vis == Visibility::hidden) return false;
        if (vis == Visibility::masked) v.any_masked = true;
        v.vis[m.id] = vis;
        return true;
    }));
    v.model = std::move(model);
    return v;
}

std::string AnalyticsView::text(const Context& ctx, std::int64_t id, std::string s) const {
    auto it = vis.find(id);
    if (it != vis.end() && it->second == Visibility::masked) return ctx.access->mask(s);
    return s;
}

std::string AnalyticsView::party(const Context& ctx, const std::string& s) const {
    // Customer names and domains are not addresses; addresses follow the one masking rule.
    if (!any_masked || s.find('@') == std::string::npos || !ctx.access->masks_address(s)) return s;
    return ctx.access->mask(s);
}

int AnalyticsView::utc_offset(const Context& ctx, std::int64_t t) const {
    const Directory* dir = ctx.access->directory();
    return dir ? dir->utc_offset_minutes(t) : 0;
}

Result<std::string> resolve_customer(const AnalyticsView& view, const std::string& name) {
    std::string low = ascii_lower(name);
    if (low.find('@') != std::string::npos) return view.parties->customer(low);
    std::set<std::string> keys;
    for (const auto& m : view.model.messages)
        for (const auto& c : m.customers) keys.insert(c);
    if (keys.count(name)) return name;
    if (low.find('.') != std::string::npos && low.find(' ') == std::string::npos) {
        std::string c = view.parties->customer("x@" + low);
        // A free-mail domain is no customer (each address is one): match it as text below.
        bool free_mail = c == "x@" + low;
        if (keys.count(c) || (c != low && !free_mail)) return c;
    }
    std::vector<std::string> hits;
    for (const auto& k : keys)
        if (ascii_lower(k).find(low) != std::string::npos) hits.push_back(k);
    if (hits.size() == 1) return hits[0];
    if (hits.empty()) return name;  // nothing matches: an empty history, not an error
    std::string list;
    for (const auto& h : hits) list += "\n  " + h;
    return fail(Errc::usage, "'" + name + "' names " + std::to_string(hits.size()) +
                                 " customers:" + list,
                "give the whole name, a domain or an address");
}

Result<std::int64_t> parse_when(const Context&, const std::string& s, bool end_of_day,
                                const char* option) {
    // A time may carry a zone ("...T10:00:00Z", "...T10:00+08:00", "...T10:00-0500"), as
    // analytics_view.hpp documents; parse_date_bound reads the rest as UTC.
    std::string rest = s;
    std::int64_t offset = 0;
    if (rest.size() > 16 && rest[10] == 'T') {
        if (rest.back() == 'Z' || rest.back() == 'z') {
            rest.pop_back();
        } else {
            std::size_t sign = rest.find_last_of("+-");
            std::string z = sign != std::string::npos && sign > 15 ? rest.substr(sign + 1) : "";
            if (z.size() == 5 && z[2] == ':') z.erase(2, 1);
            if (z.size() == 4 && std::isdigit(static_cast<unsigned char>(z[0])) &&
                std::isdigit(static_cast<unsigned char>(z[1])) &&
                std::isdigit(static_cast<unsigned char>(z[2])) &&
                std::isdigit(static_cast<unsigned char>(z[3]))) {
                int h = (z[0] - '0') * 10 + (z[1] - '0'), m = (z[2] - '0') * 10 + (z[3] - '0');
                if (h <= 23 && m <= 59) {
                    offset = (h * 60 + m) * 60 * (rest[sign] == '-' ? -1 : 1);
                    rest.erase(sign);
                }
            }
        }
    }
    auto t = parse_date_bound(rest, end_of_day, now_epoch());
    if (t) *t -= offset;
    if (!t)
        return fail(Errc::usage, std::string(option) + ": not a date: '" + s + "'",
                    "use 2025-03-01, 2025-03-01T10:00 (UTC), 2025-03, or 7d for seven days ago");
    return *t;
}

} // namespace ms::cli
