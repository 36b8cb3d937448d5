#include "render.hpp"

#include "mailscope/source/source.hpp"
#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <cmath>
#include <ostream>

namespace ms::cli {

std::string format_address(const Address& a) {
    if (a.name.empty()) return a.addr;
    if (a.addr.empty()) return a.name;
    bool quote = a.name.find_first_of(",;:<>@\"") != std::string::npos;
    return (quote ? "\"" + a.name + "\"" : a.name) + " <" + a.addr + ">";
}

static Record addresses(const std::vector<Address>& list) {
    Record arr = Record::array();
    for (const auto& a : list) arr.push_back(a.addr.empty() ? a.name : a.addr);
    return arr;
}

static Record flag_list(std::uint32_t flags) {
    Record arr = Record::array();
    for (auto& f : split(flags_to_string(flags), ','))
        if (!f.empty()) arr.push_back(f);
    if ((flags & k_flag_known) && !(flags & k_flag_seen)) arr.push_back("unread");
    return arr;
}

Record message_record(const MessageSummary& s) {
    Record r;
    r["id"] = s.id;
    r["message_id"] = s.message_id;
    r["date"] = s.date ? Record(iso8601_utc(*s.date)) : Record();
    r["date_local"] = s.date ? Record(iso8601_with_offset(*s.date, s.tz_offset_min)) : Record();
    r["from"] = s.from.addr;
    r["from_name"] = s.from.name;
    r["to"] = addresses(s.to);
    r["cc"] = addresses(s.cc);
    r["bcc"] = addresses(s.bcc);
    r["subject"] = s.subject;
    r["folder"] = s.locations.empty() ? "" : s.locations.front().folder;
    r["custodian"] = s.locations.empty() ? "" : s.locations.front().custodian;
    r["flags"] = flag_list(s.flags);
    r["thread"] = s.thread_id;
    r["has_attachment"] = s.has_attachment;
    r["size"] = s.size;
    Record locs = Record::array();
    for (const auto& l : s.locations) {
        Record o;
        o["evidence"] = l.evidence;
        o["format"] = l.format;
        o["locator"] = l.locator;
        o["folder"] = l.folder;
        o["custodian"] = l.custodian;
        locs.push_back(std::move(o));
    }
    r["locations"] = std::move(locs);
    return r;
}

const std::vector<std::string>& message_csv_columns() {
    static const std::vector<std::string> k_cols = {
        "id",       "date",      "from",  "to",     "cc",      "subject",    "folder",
        "custodian", "flags",    "thread", "message_id", "has_attachment", "locations"};
    return k_cols;
}

std::string message_text_line(const MessageSummary& s) {
    std::string line;
    line.reserve(160);
    char id[32];
    std::snprintf(id, sizeof id, "%6lld  ", static_cast<long long>(s.id));
    line += id;
    if (s.date) {
        std::string d = iso8601_utc(*s.date);
        line += d.substr(0, 10) + " " + d.substr(11, 5);
    } else {
        line += "----------------";
    }
    line += (s.flags & k_flag_starred) ? "  * " : "    ";
    line += fit_display(s.from.name.empty() ? s.from.addr : s.from.name, 22);
    line += "  ";
    line += s.subject;
    if (!s.locations.empty()) {
        const auto& l = s.locations.front();
        if (!l.custodian.empty() || !l.folder.empty())
            line += "  [" + l.custodian + (l.custodian.empty() || l.folder.empty() ? "" : "/") +
                    l.folder + "]";
    }
    line += '\n';
    return line;
}

Record flag_record(const FlagRow& f, const MessageSummary* s) {
    Record r;
    r["id"] = f.id;
    r["message"] = f.message_id;
    if (s) {
        r["date"] = s->date ? Record(iso8601_utc(*s->date)) : Record();
        r["from"] = s->from.addr;
        r["subject"] = s->subject;
    }
    r["policy"] = f.policy;
    r["rule"] = f.rule;
    r["tier"] = f.tier;
    r["category"] = f.category;
    r["field"] = f.field;
    r["start"] = f.start;
    r["end"] = f.end;
    r["matched"] = f.matched;
    r["snippet"] = f.snippet;
    r["status"] = f.status;
    r["notified"] = f.notified;
    r["retained"] = f.retained;
    r["version"] = f.version;
    // The context model's view (policy learn): null when the flag is not scored.
    r["fp_score"] = f.fp_score ? Record(std::round(*f.fp_score * 1000) / 1000) : Record();
    r["likely_false_positive"] = f.likely_fp;
    return r;
}

const std::vector<std::string>& flag_csv_columns() {
    static const std::vector<std::string> k_cols = {
        "id",    "message", "date",  "from",    "subject", "policy", "rule",     "tier",
        "category", "field", "start", "end", "matched", "snippet", "status", "notified",
        "retained", "version", "fp_score", "likely_false_positive"};
    return k_cols;
}

void flag_text_line(std::ostream& out, const Record& r) {
    char head[64];
    std::snprintf(head, sizeof head, "%6lld  msg %-6lld ",
                  static_cast<long long>(r["id"].get<std::int64_t>()),
                  static_cast<long long>(r["message"].get<std::int64_t>()));
    std::string date = r.contains("date") && r["date"].is_string()
                           ? r["date"].get<std::string>().substr(0, 10)
                           : std::string(10, '-');
    out << head << date << "  " << fit_display(r["tier"].get<std::string>(), 9) << "  "
        << r["policy"].get<std::string>() << "/" << r["rule"].get<std::string>() << "  ["
        << r["field"].get<std::string>() << "]  " << r["snippet"].get<std::string>() << "  ("
        << r["status"].get<std::string>() << (r["notified"].get<bool>() ? ", notified" : "")
        << (r["retained"].get<bool>() ? ", retained" : "")
        << (r.value("likely_false_positive", false) ? ", likely false positive" : "") << ")\n";
}

} // namespace ms::cli
