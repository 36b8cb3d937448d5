// Who is acting and what they may see (DESIGN.md, "Identity and access"; mailscope(1),
// ACCESS). The actor is the OS login, mapped to a person of the case's directory; the case
// owner may act --as a person. Without a directory the case is its owner's alone and nothing
// is restricted. With one, the role matrix applies:
//
//   employee    their own sent mail, unmasked; their own flags with status
//   manager     mail of their department (any party a member), personal data masked;
//               unlock one message with a reason to see it unmasked
//   compliance  all mail but personal mail (scene filter), unmasked; unlock reaches personal mail
//   auditor     no mail; flag counts; the audit trail
//   admin       no mail; configures the case (import, index, directory, policies)
//
// Every decision that shows or withholds mail is the caller's to audit through record().
#pragma once

#include "mailscope/access/audit.hpp"
#include "mailscope/org/directory.hpp"
#include "mailscope/privacy/mask.hpp"
#include "mailscope/store/reader.hpp"

#include <memory>
#include <set>
#include <string>

namespace ms {

// What a command does, for the permission matrix.
enum class Action {
    import,        // import, index
    configure,     // org set: people and roles
    policy,        // policy add: the phrase library
    scan,          // scan the case (writes flags)
    read,          // search, show, export
    flags,         // list flags (own, department's, all)
    flag_counts,   // flags --summary
    unlock,
    audit_read,    // audit log
    audit_verify,
    appeal,        // an employee contests a flag on their own mail
    review,        // compliance's queue and decisions
    policy_learn,  // train the context model on decisions; suggest and accept exceptions
    policy_explain,   // what is monitored for a person (employees: themselves)
    policy_propose,   // propose a term for the phrase library, or its removal
    policy_vote,      // vote on a proposed term
    policy_proposals, // see proposals and their tally
    policy_decide,    // adopt or reject a proposal
    verify,           // re-hash evidence and stored messages; read the chain of custody
};
const char* action_name(Action a);
// The permission matrix (mailscope(1), ACCESS): whether a role may do `a` in a case with a
// directory.
bool role_allows(Role r, Action a);

struct Viewer {
    std::string login;          // the OS login running mailscope
    bool restricted = false;    // the case has a directory: the role matrix applies
    bool owner = false;         // the login owns the case directory
    bool impersonating = false; // --as
    const Person* person = nullptr;
    Role role = Role::admin;

    // "owner" without a directory, else the role's name.
    std::string role_name() const;
    // The person's primary address, or "" when no person is acted as.
    std::string person_id() const;
};

enum class Visibility { hidden, masked, clear };

class Access {
public:
    // Loads CASE/mailscope.toml (if any), resolves the viewer, opens the audit trail (created
    // when missing) and the acting person's unlock grants. `as` names a person by address,
    // login or name; only the case owner may use it.
    // `as_default` (MAILSCOPE_AS) is the same but ignored by cases without a directory and
    // for anyone but the owner.
    static Result<std::unique_ptr<Access>> open(const std::string& case_dir,
                                                const std::string& login, std::string as,
                                                const std::string& as_default = "");

    const Viewer& viewer() const { return m_viewer; }
    const Directory* directory() const { return m_dir ? &*m_dir : nullptr; }
    AuditLog& audit() { return *m_audit; }

    bool permitted(Action a) const;
    // Fails with Errc::permission (and records the refusal) when the viewer may not.
    Result<void> require(Action a, const std::string& command);

    // What the viewer may see of a message (its summary needs recipients: Detail::listing).
    Visibility visibility(const MessageSummary& s) const;
    bool unlocked(std::int64_t message_id) const { return m_unlocked.count(message_id) != 0; }
    // Whether the message is personal mail under the scene filter.
    bool personal(const MessageSummary& s) const;

    // Masking for Visibility::masked.
    const Masker& masker() const { return *m_masker; }
    std::string mask(std::string_view text) const { return m_masker->mask(text); }
    // Whether masked views mask this address: it is neither the company's nor a customer's
    // (a person's private address is personal data too).
    bool masks_address(std::string_view address) const;
    // Subject, attachment names and the addresses masks_address() names.
    void mask_summary(MessageSummary& s) const;

    // Appends to the audit trail with the actor, person and role filled in.
    Result<AuditRecord> record(AuditRecord r);

private:
    Access() = default;
    Viewer m_viewer;
    std::optional<Directory> m_dir;
    std::optional<AuditLog> m_audit;
    std::optional<Masker> m_masker;
    std::set<std::int64_t> m_unlocked;
    std::string m_as_name;
};

// The person an --as value names: primary or other address, login, or name (the whole name,
// or the part before or inside its parentheses: "赵敏" for "赵敏 (Zhao Min)").
Result<const Person*> find_person(const Directory& dir, const std::string& who);

} // namespace ms
