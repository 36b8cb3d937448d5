#include "mailscope/org/directory.hpp"

#include "mailscope/org/toml_reader.hpp"
#include "mailscope/privacy/mask.hpp"
#include "mailscope/util/fs.hpp"
#include "mailscope/util/hash.hpp"
#include "mailscope/util/strings.hpp"

#include <memory>
#include <set>
#include <toml++/toml.h>
#include <unicode/timezone.h>

namespace ms {

const char* role_name(Role r) {
    switch (r) {
    case Role::employee: return "employee";
    case Role::manager: return "manager";
    case Role::compliance: return "compliance";
    case Role::auditor: return "auditor";
    case Role::admin: return "admin";
    }
    return "?";
}

std::optional<Role> parse_role(std::string_view s) {
    for (Role r : {Role::employee, Role::manager, Role::compliance, Role::auditor, Role::admin})
        if (s == role_name(r)) return r;
    return std::nullopt;
}

std::string format_problem(const FileProblem& p) {
    return p.file + (p.line > 0 ? ":" + std::to_string(p.line) : "") + ": " + p.message;
}

std::string domain_of(std::string_view address) {
    std::size_t at = address.rfind('@');
    return at == std::string_view::npos ? std::string() : ascii_lower(address.substr(at + 1));
}

void Directory::index() {
    m_by_address.clear();
    m_by_domain.clear();
    for (std::size_t i = 0; i < people.size(); ++i) {
        m_by_address.emplace(people[i].email, i);
        for (const auto& a : people[i].also) m_by_address.emplace(a, i);
    }
    for (std::size_t i = 0; i < customers.size(); ++i)
        for (const auto& d : customers[i].domains) m_by_domain.emplace(d, i);
}

const Person* Directory::person(std::string_view address) const {
    auto it = m_by_address.find(ascii_lower(address));
    return it == m_by_address.end() ? nullptr : &people[it->second];
}

const Customer* Directory::customer(std::string_view address) const {
    std::string d = domain_of(address);
    // A customer's domain covers its subdomains (sz.mingda-elec.com).
    while (!d.empty()) {
        auto it = m_by_domain.find(d);
        if (it != m_by_domain.end()) return &customers[it->second];
        std::size_t dot = d.find('.');
        if (dot == std::string::npos) break;
        d.erase(0, dot + 1);
    }
    return nullptr;
}

const Department* Directory::department(std::string_view id) const {
    for (const auto& d : departments)
        if (d.id == id) return &d;
    return nullptr;
}

bool in_domains(std::string_view domain, const std::vector<std::string>& domains) {
    for (const auto& w : domains)
        if (domain == w || (domain.size() > w.size() &&
                            domain.compare(domain.size() - w.size(), w.size(), w) == 0 &&
                            domain[domain.size() - w.size() - 1] == '.'))
            return true;
    return false;
}

bool Directory::is_work_address(std::string_view address) const {
    return in_domains(domain_of(address), work_domains);
}

// "+08:00" / "-05:30" / "UTC": a fixed offset in minutes, or nullopt for zone names.
static std::optional<int> fixed_offset(std::string_view tz) {
    if (tz == "UTC" || tz == "Z") return 0;
    if (tz.size() != 6 || (tz[0] != '+' && tz[0] != '-') || tz[3] != ':') return std::nullopt;
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (!digit(tz[1]) || !digit(tz[2]) || !digit(tz[4]) || !digit(tz[5])) return std::nullopt;
    int m = ((tz[1] - '0') * 10 + (tz[2] - '0')) * 60 + (tz[4] - '0') * 10 + (tz[5] - '0');
    return tz[0] == '-' ? -m : m;
}

static bool known_zone(const std::string& tz) {
    if (fixed_offset(tz)) return true;
    std::unique_ptr<icu::TimeZone> z(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(tz)));
    icu::UnicodeString id;
    return z && z->getID(id) != icu::UnicodeString("Etc/Unknown");
}

int Directory::utc_offset_minutes(std::int64_t t) const {
    if (auto f = fixed_offset(time_zone)) return *f;
    // ICU carries the tz database: daylight saving in Stockholm or New York is applied.
    thread_local std::string cached_name;
    thread_local std::unique_ptr<icu::TimeZone> zone;
    if (!zone || cached_name != time_zone) {
        zone.reset(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone)));
        cached_name = time_zone;
    }
    int32_t raw = 0, dst = 0;
    UErrorCode err = U_ZERO_ERROR;
    zone->getOffset(static_cast<UDate>(t) * 1000.0, false, raw, dst, err);
    return U_FAILURE(err) ? 0 : (raw + dst) / 60000;
}

bool Directory::within_working_hours(std::int64_t t) const {
    std::int64_t local = t + static_cast<std::int64_t>(utc_offset_minutes(t)) * 60;
    std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int weekday = static_cast<int>(((days + 3) % 7 + 7) % 7); // 1970-01-01 was a Thursday
    int minute = static_cast<int>((local - days * 86400) / 60);
    if (!hours.days[static_cast<std::size_t>(weekday)]) return false;
    return minute >= hours.start_min && minute < hours.end_min;
}

namespace {

std::optional<int> parse_hhmm(const std::string& s) {
    if (s.size() != 5 || s[2] != ':') return std::nullopt;
    for (int i : {0, 1, 3, 4})
        if (s[static_cast<std::size_t>(i)] < '0' || s[static_cast<std::size_t>(i)] > '9')
            return std::nullopt;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
}

bool plausible_domain(const std::string& d) {
    if (d.empty() || d.find('.') == std::string::npos || d.front() == '.' || d.back() == '.')
        return false;
    for (char c : d)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')) return false;
    return true;
}

bool plausible_address(const std::string& a) {
    std::size_t at = a.find('@');
    return at != std::string::npos && at > 0 && a.find('@', at + 1) == std::string::npos &&
           plausible_domain(a.substr(at + 1));
}

} // namespace

Result<Directory> load_directory(const std::string& path, std::vector<FileProblem>& problems) {
    MS_TRY_ASSIGN(text, read_file(path));
    return load_directory_text(path, std::move(text), problems);
}

Result<Directory> load_directory_text(const std::string& path, std::string text,
                                      std::vector<FileProblem>& problems) {
    std::size_t before = problems.size();
    TomlReader r(path, problems);
    MS_TRY(r.load_text(std::move(text)));
    Directory dir;
    dir.path = path;
    dir.sha256 = r.sha256();

    r.allow_top({"organisation", "working_hours", "department", "person", "customer", "privacy"});
    if (auto pv = r.table(r.root(), "privacy", false)) {
        r.allow(*pv, {"mask", "mobile", "landline", "id-card", "bank-card", "credit-code",
                      "passport", "email", "ipv4"});
        for (const char* key : {"mask", "mobile", "landline", "id-card", "bank-card",
                                "credit-code", "passport", "email", "ipv4"}) {
            std::string v = r.string(*pv, key, false);
            if (v.empty()) continue;
            MaskOperator op;
            if (!parse_mask_operator(v, op))
                r.problem(*pv, key, "unknown masking operator '" + v +
                                        "' (partial, full or pseudonym)");
            dir.mask_operators.emplace_back(std::string(key) == "mask" ? "*" : key, v);
        }
    }
    if (auto org = r.table(r.root(), "organisation", true)) {
        r.allow(*org, {"name", "work_domains", "time_zone"});
        dir.org_name = r.string(*org, "name", false);
        dir.work_domains = r.strings(*org, "work_domains", true);
        for (auto& d : dir.work_domains) {
            d = ascii_lower(d);
            if (!plausible_domain(d)) r.problem(*org, "work_domains", "'" + d + "' is not a domain");
        }
        std::string tz = r.string(*org, "time_zone", false);
        if (!tz.empty()) {
            if (!known_zone(tz))
                r.problem(*org, "time_zone",
                          "unknown time zone '" + tz + "' (use an IANA name such as "
                          "Asia/Shanghai, or an offset such as +08:00)");
            dir.time_zone = tz;
        }
    }
    if (auto wh = r.table(r.root(), "working_hours", false)) {
        r.allow(*wh, {"days", "start", "end"});
        static const char* const k_days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
        if (r.has(*wh, "days")) {
            dir.hours.days.fill(false);
            for (const auto& d : r.strings(*wh, "days", true)) {
                bool found = false;
                for (std::size_t i = 0; i < 7; ++i)
                    if (ascii_lower(d) == k_days[i]) dir.hours.days[i] = found = true;
                if (!found) r.problem(*wh, "days", "unknown day '" + d + "' (mon ... sun)");
            }
        }
        for (const char* key : {"start", "end"}) {
            std::string v = r.string(*wh, key, false);
            if (v.empty()) continue;
            auto m = parse_hhmm(v);
            if (!m) r.problem(*wh, key, "'" + v + "' is not a time of day (HH:MM)");
            else (std::string(key) == "start" ? dir.hours.start_min : dir.hours.end_min) = *m;
        }
        if (dir.hours.end_min <= dir.hours.start_min)
            r.problem(*wh, "end", "working hours end before they start");
    }
    for (const toml::table* tp : r.tables_of(r.root(), "department")) {
        const toml::table& t = *tp;
        r.allow(t, {"id", "name"});
        Department d{r.string(t, "id", true), r.string(t, "name", false), r.line(t)};
        if (dir.department(d.id)) r.problem(t, "id", "department '" + d.id + "' is defined twice");
        dir.departments.push_back(std::move(d));
    }
    std::set<std::string> addresses, logins;
    for (const toml::table* tp : r.tables_of(r.root(), "person")) {
        const toml::table& t = *tp;
        r.allow(t, {"email", "also", "name", "department", "role", "title", "login"});
        Person p;
        p.line = r.line(t);
        p.email = ascii_lower(r.string(t, "email", true));
        p.also = r.strings(t, "also", false);
        p.name = r.string(t, "name", false);
        p.department = r.string(t, "department", false);
        p.title = r.string(t, "title", false);
        p.login = r.string(t, "login", false);
        std::string role = r.string(t, "role", false);
        if (!role.empty()) {
            if (auto ro = parse_role(role)) p.role = *ro;
            else r.problem(t, "role", "unknown role '" + role + "' (employee, manager, "
                                      "compliance, auditor, admin)");
        }
        for (auto& a : p.also) a = ascii_lower(a);
        auto check_address = [&](const std::string& a, const char* key) {
            if (a.empty()) return;
            if (!plausible_address(a)) r.problem(t, key, "'" + a + "' is not an email address");
            else if (!addresses.insert(a).second)
                r.problem(t, key, "address " + a + " belongs to two people");
        };
        check_address(p.email, "email");
        for (const auto& a : p.also) check_address(a, "also");
        // A login decides who acts: two people with one login would make it a guess.
        if (!p.login.empty() && !logins.insert(p.login).second)
            r.problem(t, "login", "login " + p.login + " belongs to two people");
        if (!p.department.empty() && !dir.department(p.department))
            r.problem(t, "department", "no department '" + p.department + "' is defined");
        if (p.role == Role::manager && p.department.empty())
            r.problem(t, "department", "a manager needs a department to manage");
        dir.people.push_back(std::move(p));
    }
    for (const toml::table* tp : r.tables_of(r.root(), "customer")) {
        const toml::table& t = *tp;
        r.allow(t, {"name", "domains", "starred_by"});
        Customer c;
        c.line = r.line(t);
        c.name = r.string(t, "name", true);
        c.domains = r.strings(t, "domains", true);
        c.starred_by = r.strings(t, "starred_by", false);
        for (auto& d : c.domains) {
            d = ascii_lower(d);
            if (!plausible_domain(d)) r.problem(t, "domains", "'" + d + "' is not a domain");
        }
        for (auto& s : c.starred_by) {
            s = ascii_lower(s);
            if (!addresses.count(s))
                r.problem(t, "starred_by", s + " is not a person of this directory");
        }
        dir.customers.push_back(std::move(c));
    }
    dir.index();
    for (const auto& c : dir.customers)
        for (const auto& d : c.domains)
            if (dir.is_work_address("x@" + d))
                problems.push_back({path, c.line, "customer domain " + d + " is a work domain"});
    if (problems.size() > before)
        return fail(Errc::bad_input,
                    path + ": " + std::to_string(problems.size() - before) + " problem(s)",
                    "run `mailscope org check` to list them with their lines");
    return dir;
}

} // namespace ms
