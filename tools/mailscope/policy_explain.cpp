// mailscope policy explain [--for PERSON]: what is monitored for one person, in plain
// language, from the case's directory and policies: the notice read out before going live.
// The content is built once as a record; --format json prints it, text renders it
// (explain_text.cpp), csv gives one row per rule.
#include "explain_text.hpp"
#include "policy_sub.hpp"
#include "printer.hpp"
#include "scope.hpp"

#include "mailscope/policy/config.hpp"
#include "mailscope/policy/explain.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <set>

namespace ms::cli {

namespace {

// Who may see what is monitored for whom: employees themselves, managers their department;
// compliance, auditors, administrators and the owner of a case without a directory anyone.
bool may_explain_anyone(const Viewer& v) {
    return !v.restricted || v.role == Role::compliance || v.role == Role::auditor ||
           v.role == Role::admin;
}

bool may_explain(const Viewer& v, const Person& target) {
    if (may_explain_anyone(v)) return true;
    if (!v.person) return false;
    if (v.person->email == target.email) return true;
    return v.role == Role::manager && v.person->department == target.department;
}

std::string hhmm(int minutes) {
    char b[16];
    std::snprintf(b, sizeof b, "%02d:%02d", minutes / 60, minutes % 60);
    return b;
}

Record person_brief(const Person& p) {
    Record r;
    r["name"] = p.name;
    r["address"] = p.email;
    return r;
}

Record people(const std::vector<const Person*>& ps) {
    Record a = Record::array();
    for (const Person* p : ps) a.push_back(person_brief(*p));
    return a;
}

Record actions_of(const Rule& r) {
    Record a = Record::array();
    if (r.notify) a.push_back("notify");
    if (r.retain) a.push_back("retain");
    return a;
}

class PolicyExplain final : public PolicySub {
public:
    const char* name() const override { return "explain"; }
    const char* summary() const override {
        return "Explain in plain language what is monitored for a person, and who sees what";
    }
    CaseNeed need() const override { return CaseNeed::read_only; }
    bool user_files() const override { return !m_directory.empty() || !m_files.empty(); }
    Action action() const override { return Action::policy_explain; }

    void setup(CLI::App& app) override {
        app.add_option("--for", m_for,
                       "the person: address, login or name (default: yourself)")
            ->type_name("PERSON");
        app.add_option("FILE", m_files,
                       "preview with these policy files instead of the case's")
            ->type_name("FILE");
        app.add_option("--directory", m_directory,
                       "preview with this directory file instead of the case's")
            ->type_name("FILE");
        add_format_option(app, m_format);
    }

    Result<int> run(Context& ctx) override {
        const Viewer& v = ctx.access->viewer();
        bool preview = !m_directory.empty() || !m_files.empty();
        // A preview explains files, not the case; it is for those who may explain anyone,
        // since the viewer's own place in a draft directory means nothing.
        if (preview && !may_explain_anyone(v))
            return refuse(ctx, m_for.empty() ? v.person_id() : m_for,
                          "permission denied: only compliance officers, auditors and "
                          "administrators preview files with policy explain",
                          "run `mailscope policy explain` on the case's own directory and policies");

        std::optional<Directory> draft;
        std::vector<FileProblem> problems;
        if (!m_directory.empty()) {
            auto d = load_directory(m_directory, problems);
            if (!d) return fail_with(problems, std::move(d).error());
            draft = std::move(*d);
        }
        const Directory* dir = draft ? &*draft : ctx.access->directory();
        if (!dir)
            return fail(Errc::usage,
                        "this case has no directory of people: there is nobody to explain",
                        "install one with `mailscope org set FILE`, or preview one with "
                        "--directory FILE");

        std::string who = m_for.empty() ? v.person_id() : m_for;
        if (who.empty())
            return fail(Errc::usage, "name the person to explain with --for",
                        "an address, login or name of the directory");
        MS_TRY_ASSIGN(target, find_person(*dir, who));
        if (!may_explain(v, *target))
            return refuse(ctx, target->email,
                          "permission denied: " + v.role_name() + "s may not see what is "
                          "monitored for " + target->email +
                          (v.role == Role::manager ? " (not in your department)" : ""),
                          v.role == Role::manager
                              ? "managers explain themselves and the people of their department"
                              : "employees explain only themselves: run it without --for");

        std::vector<Policy> policies;
        ConfigSources src{ctx.case_dir, m_directory, m_files};
        auto cfg = load_config(src, problems);
        if (cfg) policies = std::move(cfg->policies);
        // No policy at all is a case that checks nothing yet: the notice says so.
        else if (cfg.error().code != Errc::not_found || !problems.empty())
            return fail_with(problems, std::move(cfg).error());

        Explanation e = explain_person(*dir, policies, *target);
        Record rec = build(*dir, policies, e);
        Record detail;
        detail["rules"] = rec["rules"].size();
        if (preview) {
            detail["directory"] = m_directory;
            detail["policies"] = m_files;
        }
        MS_TRY(audit(ctx, "policy-explain", target->email, "", detail));
        print(rec);
        return k_exit_ok;
    }

private:
    std::string m_for, m_directory;
    std::vector<std::string> m_files;
    OutputFormat m_format = OutputFormat::text;

    // The refusal is recorded like every other (mailscope(1), ACCESS).
    static Result<int> refuse(Context& ctx, const std::string& target, const std::string& msg,
                              const std::string& hint) {
        AuditRecord r;
        r.action = "policy-explain";
        r.target = target;
        r.outcome = "denied";
        MS_TRY(ctx.access->record(r));
        return fail(Errc::permission, msg, hint);
    }

    static Result<int> fail_with(const std::vector<FileProblem>& problems, Error e) {
        for (const auto& p : problems) std::cerr << format_problem(p) << "\n";
        return fail(std::move(e));
    }

    static Record build(const Directory& dir, const std::vector<Policy>& policies,
                        const Explanation& e) {
        const Person& p = *e.person;
        Record r;
        Record person;
        person["name"] = p.name;
        person["address"] = p.email;
        person["also"] = p.also;
        person["login"] = p.login;
        person["department"] = p.department;
        person["department_name"] = e.department ? e.department->name : "";
        person["role"] = role_name(p.role);
        person["title"] = p.title;
        r["person"] = person;
        r["organisation"] = dir.org_name;
        r["work_domains"] = dir.work_domains;

        static const char* const k_days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
        Record hours;
        Record days = Record::array();
        for (std::size_t i = 0; i < 7; ++i)
            if (dir.hours.days[i]) days.push_back(k_days[i]);
        hours["days"] = days;
        hours["start"] = hhmm(dir.hours.start_min);
        hours["end"] = hhmm(dir.hours.end_min);
        hours["time_zone"] = dir.time_zone;
        r["working_hours"] = hours;

        // The scene filter as classify() (policy/scene.cpp) applies it.
        Record scene;
        scene["outside_working_hours"] = true;
        scene["company_parties"] = 1;
        scene["others_not_customers"] = true;
        Record domains = Record::array();
        for (const auto& c : dir.customers)
            for (const auto& d : c.domains) domains.push_back(d);
        scene["customers"] = dir.customers.size();
        scene["customer_domains"] = domains;
        r["scene_filter"] = scene;

        Record pols = Record::array();
        for (const Policy& pol : policies) {
            Record x;
            x["id"] = pol.id;
            x["name"] = pol.name;
            pols.push_back(x);
        }
        r["policies"] = pols;

        Record rules = Record::array(), others = Record::array();
        for (const RuleFit& f : e.rules) {
            const Rule& rule = *f.rule;
            Record x;
            x["policy"] = f.policy->id;
            x["rule"] = rule.id;
            x["tier"] = tier_name(rule.tier);
            x["category"] = rule.category;
            if (!f.applies()) {
                Record roles = Record::array();
                for (Role ro : rule.scope.roles) roles.push_back(role_name(ro));
                x["roles"] = f.other_roles ? roles : Record::array();
                x["departments"] = f.other_departments ? Record(rule.scope.departments)
                                                       : Record::array();
                others.push_back(x);
                continue;
            }
            x["description"] = rule.description;
            Record dirs = Record::array();
            for (Direction d : f.directions) dirs.push_back(direction_name(d));
            x["directions"] = dirs;
            x["actions"] = actions_of(rule);
            x["terms"] = rule.terms;
            x["patterns"] = rule.regexes.size();
            x["counts_quoted_lines"] = !rule.skip_quoted;
            x["counts_forwarded_text"] = !rule.skip_forwarded;
            rules.push_back(x);
        }
        r["rules"] = rules;
        r["categories"] = categories(e);
        r["other_rules"] = others;

        Record see = Record::array();
        auto entry = [&](const char* who, const char* sees, Record people_of, bool masked) {
            Record s;
            s["who"] = who;
            s["people"] = std::move(people_of);
            s["sees"] = sees;
            s["masked"] = masked;
            see.push_back(s);
        };
        // What each role sees of this person's mail: Access::visibility (access.cpp).
        entry("managers", "department", people(e.managers), true);
        entry("other-managers", "mail-with-their-department", Record::array(), true);
        entry("compliance", "all-but-personal", people(e.compliance), false);
        entry("auditors", "audit-trail", people(e.auditors), false);
        entry("admins", "none", people(e.admins), false);
        r["who_can_see"] = see;
        static const char* const k_own[] = {"own-sent", "department", "all-but-personal",
                                            "audit-trail", "none"};
        r["person_sees"] = k_own[static_cast<int>(p.role)];
        Record may = Record::array();
        if (role_allows(p.role, Action::appeal)) may.push_back("appeal");
        if (role_allows(p.role, Action::policy_propose)) may.push_back("propose");
        if (role_allows(p.role, Action::policy_vote)) may.push_back("vote");
        r["person_may"] = may;
        return r;
    }

    // Applying rules by tier (strictest first) and category: a few of their terms, and how
    // many more; when a category has no literal term, one of its worked examples instead.
    static Record categories(const Explanation& e) {
        Record out = Record::array();
        for (Tier t : {Tier::forbidden, Tier::approval, Tier::allowed}) {
            std::vector<std::string> order;
            for (const RuleFit& f : e.rules)
                if (f.applies() && f.rule->tier == t &&
                    std::find(order.begin(), order.end(), f.rule->category) == order.end())
                    order.push_back(f.rule->category);
            for (const auto& cat : order) {
                Record c;
                c["tier"] = tier_name(t);
                c["category"] = cat;
                Record ids = Record::array(), actions = Record::array(), shown = Record::array();
                std::vector<std::string> terms;
                std::set<std::string> acts;
                std::size_t patterns = 0;
                std::string example;
                for (const RuleFit& f : e.rules) {
                    const Rule& rule = *f.rule;
                    if (!f.applies() || rule.tier != t || rule.category != cat) continue;
                    ids.push_back(f.policy->id + "/" + rule.id);
                    for (const auto& term : rule.terms)
                        if (std::find(terms.begin(), terms.end(), term) == terms.end())
                            terms.push_back(term);
                    patterns += rule.regexes.size();
                    if (rule.notify) acts.insert("notify");
                    if (rule.retain) acts.insert("retain");
                    for (const Example& ex : f.policy->examples)
                        if (example.empty() && std::find(ex.expect.begin(), ex.expect.end(),
                                                         rule.id) != ex.expect.end())
                            example = ex.text;
                }
                constexpr std::size_t k_shown = 4;
                for (std::size_t i = 0; i < terms.size() && i < k_shown; ++i)
                    shown.push_back(terms[i]);
                for (const char* a : {"notify", "retain"})
                    if (acts.count(a)) actions.push_back(a);
                c["rules"] = ids;
                c["actions"] = actions;
                c["terms"] = terms.size();
                c["example_terms"] = shown;
                c["more_terms"] = terms.size() - shown.size();
                c["patterns"] = patterns;
                c["example"] = terms.empty() && !example.empty() ? Record(example) : Record();
                out.push_back(c);
            }
        }
        return out;
    }

    void print(const Record& rec) {
        if (m_format == OutputFormat::csv) {
            // CSV has no place for a notice: one row per rule, applying or not.
            auto printer = Printer::make(m_format, std::cout,
                                         {"person", "policy", "rule", "tier", "category",
                                          "applies", "directions", "actions", "not_for_roles",
                                          "not_for_departments", "description"},
                                         nullptr);
            for (const char* list : {"rules", "other_rules"})
                for (Record row : rec[list]) {
                    row["person"] = rec["person"]["address"];
                    row["applies"] = std::string(list) == "rules";
                    if (row.contains("roles")) row["not_for_roles"] = row["roles"];
                    if (row.contains("departments"))
                        row["not_for_departments"] = row["departments"];
                    printer->record(row);
                }
            printer->finish();
            return;
        }
        auto printer = Printer::make(m_format, std::cout, {}, explain_text);
        printer->record(rec);
        printer->finish();
    }
};

} // namespace

std::unique_ptr<PolicySub> make_policy_explain() { return std::make_unique<PolicyExplain>(); }

} // namespace ms::cli
