#include "mailscope/analytics/trends.hpp"

#include "mailscope/analytics/replies.hpp"
#include "mailscope/store/flags.hpp"

#include <cstdio>
#include <cstdlib>

namespace ms {

std::vector<std::string> month_range(const std::string& first, const std::string& last) {
    std::vector<std::string> out;
    if (first.size() != 7 || last.size() != 7 || first > last) return out;
    int y = std::atoi(first.substr(0, 4).c_str()), m = std::atoi(first.substr(5, 2).c_str());
    for (;;) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
        out.push_back(buf);
        if (out.back() >= last) break;
        if (++m > 12) {
            m = 1;
            ++y;
        }
    }
    return out;
}

Result<TrendReport> flag_trends(Db& db, const std::function<bool(std::int64_t)>& keep,
                                const std::function<int(std::int64_t)>& utc_offset,
                                const TrendOptions& opts) {
    TrendReport rep;
    MS_TRY_ASSIGN(st, db.prepare("SELECT f.message_id, f.rule, f.category, f.tier, m.date "
                                 "FROM flags f JOIN messages m ON m.id = f.message_id "
                                 "WHERE m.date IS NOT NULL ORDER BY m.date, f.id"));
    std::map<std::string, TrendSeries> cats, rules;
    std::string first, last;
    for (;;) {
        MS_TRY_ASSIGN(row, st.step());
        if (!row) break;
        std::int64_t id = st.int64(0), date = st.int64(4);
        if (keep && !keep(id)) continue;
        std::string month = month_of(date, utc_offset ? utc_offset(date) : 0);
        if (!opts.since.empty() && month < opts.since) continue;
        if (!opts.until.empty() && month > opts.until) continue;
        if (first.empty() || month < first) first = month;
        if (last.empty() || month > last) last = month;
        std::string tier = st.text(3);
        auto count = [&](std::map<std::string, TrendSeries>& group, const char* kind,
                         std::string name) {
            TrendSeries& x = group[name];
            x.kind = kind;
            x.name = std::move(name);
            if (x.tier.empty() || tier_rank(tier) > tier_rank(x.tier)) x.tier = tier;
            ++x.months[month];
            ++x.total;
        };
        count(cats, "category", st.text(2));
        count(rules, "rule", st.text(1));
    }
    if (!first.empty()) rep.months = month_range(opts.since.empty() ? first : opts.since,
                                                 opts.until.empty() ? last : opts.until);
    for (auto* group : {&cats, &rules})
        for (auto& [name, s] : *group) {
            std::uint64_t prev = 0;
            bool first_month = true;  // nothing before it to compare with: never a jump
            for (const auto& month : rep.months) {
                auto it = s.months.find(month);
                std::uint64_t n = it == s.months.end() ? 0 : it->second;
                TrendRow row{s.kind, s.name, s.tier, month, n, prev,
                             static_cast<std::int64_t>(n) - static_cast<std::int64_t>(prev), false};
                row.jump = !first_month && n >= opts.jump_min &&
                           static_cast<double>(n) >= opts.jump_factor * static_cast<double>(prev);
                rep.rows.push_back(row);
                if (row.jump) rep.jumps.push_back(row);
                prev = n;
                first_month = false;
            }
            rep.series.push_back(std::move(s));
        }
    return rep;
}

} // namespace ms
