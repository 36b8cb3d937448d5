#include "mailscope/access/access.hpp"

#include "mailscope/policy/config.hpp"
#include "mailscope/policy/scene.hpp"
#include "mailscope/util/fs.hpp"
#include "mailscope/util/strings.hpp"
#include "mailscope/util/time.hpp"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace ms {

const char* action_name(Action a) {
    switch (a) {
    case Action::import: return "import";
    case Action::configure: return "configure";
    case Action::policy: return "policy";
    case Action::scan: return "scan";
    case Action::read: return "read";
    case Action::flags: return "flags";
    case Action::flag_counts: return "flag-counts";
    case Action::unlock: return "unlock";
    case Action::audit_read: return "audit-log";
    case Action::audit_verify: return "audit-verify";
    case Action::appeal: return "appeal";
    case Action::review: return "review";
    case Action::policy_learn: return "policy-learn";
    case Action::policy_explain: return "policy-explain";
    case Action::policy_propose: return "policy-propose";
    case Action::policy_vote: return "policy-vote";
    case Action::policy_proposals: return "policy-proposals";
    case Action::policy_decide: return "policy-decide";
    case Action::verify: return "verify";
    }
    return "?";
}

std::string Viewer::role_name() const { return restricted ? ms::role_name(role) : "owner"; }

std::string Viewer::person_id() const { return person ? person->email : std::string(); }

// Rows are Action, columns Role.
bool role_allows(Role r, Action a) {
    switch (a) {
    case Action::import: return r == Role::admin || r == Role::compliance;
    case Action::configure: return r == Role::admin;
    case Action::policy: return r == Role::admin || r == Role::compliance;
    case Action::scan: return r == Role::compliance;
    case Action::read:
    case Action::flags:
        return r == Role::employee || r == Role::manager || r == Role::compliance;
    case Action::flag_counts: return r != Role::admin;
    case Action::unlock: return r == Role::manager || r == Role::compliance;
    case Action::audit_read: return r == Role::auditor;
    case Action::audit_verify: return r == Role::auditor || r == Role::admin;
    case Action::appeal: return r == Role::employee || r == Role::manager;
    case Action::review: return r == Role::compliance;
    case Action::policy_learn: return r == Role::compliance;
    case Action::policy_explain: return true;
    case Action::policy_propose:
        return r == Role::employee || r == Role::manager || r == Role::compliance;
    case Action::policy_vote: return r == Role::employee || r == Role::manager;
    case Action::policy_proposals: return r != Role::admin;
    case Action::policy_decide: return r == Role::compliance;
    // Integrity of the evidence is the auditors' and compliance's concern, and the
    // administrator's who keeps the case; the checks print hashes and paths, never mail.
    case Action::verify:
        return r == Role::auditor || r == Role::compliance || r == Role::admin;
    }
    return false;
}

namespace {

std::string denial_hint(Role r, Action a) {
    switch (a) {
    case Action::import:
    case Action::configure: return "the case's administrator configures it";
    case Action::policy: return "compliance officers and administrators keep the phrase library";
    case Action::scan: return "compliance officers scan the case";
    case Action::read:
    case Action::flags:
        return r == Role::auditor ? "auditors see flag counts (`mailscope flags --summary`) and "
                                    "the audit trail (`mailscope audit log`), not mail"
                                  : "administrators configure the case; they do not read mail";
    case Action::flag_counts: return "administrators do not see flags";
    case Action::unlock: return "managers and compliance officers unlock messages";
    case Action::audit_read: return "only auditors read the audit trail";
    case Action::audit_verify: return "auditors and administrators verify the audit trail";
    case Action::appeal: return "the employee who sent the message appeals its flags";
    case Action::review: return "compliance officers review flags and decide appeals";
    case Action::policy_learn: return "compliance officers train the context model on their decisions";
    case Action::policy_explain: return "";
    case Action::policy_propose: return "employees, managers and compliance officers propose terms";
    case Action::policy_vote: return "employees and managers vote on proposed terms";
    case Action::policy_proposals: return "administrators configure the case; proposals are for the people monitored";
    case Action::policy_decide: return "compliance officers adopt or reject proposed terms";
    case Action::verify:
        return "auditors, compliance officers and administrators verify the evidence";
    }
    return "";
}

std::string lower(std::string_view s) { return ascii_lower(s); }

} // namespace

Result<const Person*> find_person(const Directory& dir, const std::string& who) {
    std::string w(trim(who));
    if (const Person* p = dir.person(w)) return p;
    std::vector<const Person*> hits;
    for (const auto& p : dir.people) {
        std::string n = p.name;
        std::size_t paren = n.find(" (");
        std::string before = paren == std::string::npos ? n : n.substr(0, paren);
        std::string inside;
        if (paren != std::string::npos && n.back() == ')')
            inside = n.substr(paren + 2, n.size() - paren - 3);
        if ((!p.login.empty() && p.login == w) || n == w || before == w ||
            (!inside.empty() && lower(inside) == lower(w)))
            hits.push_back(&p);
    }
    if (hits.size() == 1) return hits.front();
    if (hits.empty())
        return fail(Errc::not_found, "no person '" + w + "' in the directory",
                    "name a person by address, login or name (mailscope-directory(5))");
    std::string names;
    for (const Person* p : hits) names += (names.empty() ? "" : ", ") + p->email;
    return fail(Errc::usage, "'" + w + "' names more than one person: " + names,
                "name the person by address");
}

Result<std::unique_ptr<Access>> Access::open(const std::string& case_dir, const std::string& login,
                                             std::string as, const std::string& as_default) {
    auto a = std::unique_ptr<Access>(new Access());
    Viewer& v = a->m_viewer;
    v.login = login;
    struct stat st {};
    if (::stat(case_dir.c_str(), &st) != 0)
        return fail(Errc::not_found, case_dir + ": " + std::strerror(errno));
    // The real user: a setgid binary (multi-user mode) must not make its group an owner.
    v.owner = st.st_uid == ::getuid() || ::getuid() == 0;

    std::string dir_file = case_dir + "/" + k_directory_file;
    struct stat dst {};
    if (::stat(dir_file.c_str(), &dst) == 0) {
        std::vector<FileProblem> problems;
        auto d = load_directory(dir_file, problems);
        if (!d) {
            std::string msg = problems.empty() ? d.error().message : format_problem(problems.front());
            return fail(Errc::bad_input, "the case's directory is invalid: " + msg,
                        "fix it and install it again with `mailscope org set FILE`");
        }
        a->m_dir = std::move(*d);
        v.restricted = true;
    }

    // MAILSCOPE_AS is the owner's default for scripts and tests; anyone else acts as themselves.
    if (as.empty() && v.restricted && v.owner) as = as_default;
    MS_TRY_ASSIGN(audit, AuditLog::open(case_dir, true));
    a->m_audit.emplace(std::move(audit));

    const Directory* dir = a->directory();
    if (!as.empty()) {
        if (!dir)
            return fail(Errc::usage, "--as needs a directory: this case has none",
                        "install one with `mailscope org set FILE`");
        if (!v.owner) {
            AuditRecord r;
            r.actor = login;
            r.role = "unknown";
            r.action = "impersonate";
            r.target = as;
            r.outcome = "denied";
            (void)a->m_audit->append(r);
            return fail(Errc::permission,
                        "only the case's owner may act --as another person (you are " + login + ")",
                        "run mailscope as yourself");
        }
        MS_TRY_ASSIGN(p, find_person(*dir, as));
        v.person = p;
        v.role = p->role;
        v.impersonating = true;
    } else if (dir) {
        for (const auto& p : dir->people)
            if (!p.login.empty() && p.login == login) v.person = &p;
        if (v.person) {
            v.role = v.person->role;
        } else if (v.owner) {
            v.role = Role::admin;  // the owner who is nobody in the directory administers
        } else {
            AuditRecord r;
            r.actor = login;
            r.role = "unknown";
            r.action = "access";
            r.outcome = "denied";
            (void)a->m_audit->append(r);
            return fail(Errc::permission,
                        "permission denied: login '" + login + "' is not in the case's directory",
                        "ask the case's administrator to give you a `login` in mailscope.toml");
        }
    } else if (!v.owner) {
        return fail(Errc::permission,
                    "permission denied: " + case_dir + " belongs to another user and has no "
                                                       "directory of people and roles",
                    "ask the case's owner for access");
    }

    MaskPolicy policy;
    if (dir)
        for (const auto& [type, name] : dir->mask_operators) {
            MaskOperator op = MaskOperator::partial;
            parse_mask_operator(name, op);  // validated when the directory was loaded
            PiiType t;
            if (type == "*") policy.op.fill(op);
            else if (parse_pii(type, t)) policy[t] = op;
        }
    if (v.restricted) {
        MS_TRY_ASSIGN(key, load_secret(case_dir + "/mask.key", true));
        policy.key = key;
    }
    MS_TRY_ASSIGN(masker, Masker::create(std::move(policy)));
    a->m_masker.emplace(std::move(masker));

    if (v.person) {
        MS_TRY_ASSIGN(grants, a->m_audit->grants(v.person->email, now_epoch()));
        for (const auto& g : grants) a->m_unlocked.insert(std::atoll(g.target.c_str()));
    }
    return a;
}

bool Access::permitted(Action a) const {
    return !m_viewer.restricted || role_allows(m_viewer.role, a);
}

Result<void> Access::require(Action a, const std::string& command) {
    if (permitted(a)) return ok();
    AuditRecord r;
    r.action = command;
    r.outcome = "denied";
    MS_TRY(record(r));
    return fail(Errc::permission,
                "permission denied: " + m_viewer.role_name() + "s may not run `mailscope " +
                    command + "`" + (m_viewer.person ? " (acting as " + m_viewer.person->email + ")"
                                                     : " (login " + m_viewer.login + ")"),
                denial_hint(m_viewer.role, a));
}

bool Access::personal(const MessageSummary& s) const {
    if (!m_dir) return false;
    std::vector<std::string> rcpts;
    for (const auto* list : {&s.to, &s.cc, &s.bcc})
        for (const auto& a : *list) rcpts.push_back(lower(a.addr));
    return classify(&*m_dir, lower(s.from.addr), rcpts, s.date).personal;
}

Visibility Access::visibility(const MessageSummary& s) const {
    const Viewer& v = m_viewer;
    if (!v.restricted) return Visibility::clear;
    const Directory& dir = *m_dir;
    switch (v.role) {
    case Role::employee: {
        const Person* sender = dir.person(s.from.addr);
        return sender && v.person && sender->email == v.person->email ? Visibility::clear
                                                                       : Visibility::hidden;
    }
    case Role::manager: {
        if (!v.person || personal(s)) return Visibility::hidden;
        bool member = false;
        auto check = [&](const Address& a) {
            const Person* p = dir.person(a.addr);
            if (p && p->department == v.person->department) member = true;
        };
        check(s.from);
        for (const auto* list : {&s.to, &s.cc, &s.bcc})
            for (const auto& a : *list) check(a);
        if (!member) return Visibility::hidden;
        return unlocked(s.id) ? Visibility::clear : Visibility::masked;
    }
    case Role::compliance:
        return personal(s) && !unlocked(s.id) ? Visibility::hidden : Visibility::clear;
    case Role::auditor:
    case Role::admin: return Visibility::hidden;
    }
    return Visibility::hidden;
}

bool Access::masks_address(std::string_view address) const {
    if (address.empty() || !m_dir) return false;
    return !m_dir->is_work_address(address) && !m_dir->customer(address);
}

void Access::mask_summary(MessageSummary& s) const {
    s.subject = mask(s.subject);
    auto addr = [&](Address& a) {
        if (!masks_address(a.addr)) return;
        a.addr = mask(a.addr);
        a.name = mask(a.name);
    };
    addr(s.from);
    for (auto* list : {&s.to, &s.cc, &s.bcc, &s.reply_to})
        for (auto& a : *list) addr(a);
    for (auto& att : s.attachments) att.filename = mask(att.filename);
}

Result<AuditRecord> Access::record(AuditRecord r) {
    r.actor = m_viewer.login;
    r.person = m_viewer.person_id();
    r.role = m_viewer.role_name();
    if (m_viewer.impersonating) {
        // Acting --as someone shows in every record it produces.
        std::string as = "\"as\":true";
        if (r.detail.empty() || r.detail == "{}") r.detail = "{" + as + "}";
        else if (r.detail.front() == '{') r.detail.insert(1, as + ",");
    }
    return m_audit->append(std::move(r));
}

} // namespace ms
