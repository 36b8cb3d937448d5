// Who wrote to whom and when: the case's messages reduced to what communication analytics
// need (mailscope-analytics(7)). Loaded in bulk from the case (two queries), then the
// statistics in replies.hpp are pure functions of it.
#pragma once

#include "mailscope/org/directory.hpp"
#include "mailscope/policy/policy.hpp"
#include "mailscope/store/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ms {

// Direction (policy.hpp) as the scene filter has it: inbound, an outside sender writing to
// the company; outbound, a company sender writing to someone outside; internal, company
// parties only; external, no company party at all.

struct CommMessage {
    std::int64_t id = 0;
    std::int64_t date = 0;            // UTC seconds; messages without a date are left out
    std::int64_t thread = 0;
    std::string message_id;           // without angle brackets
    std::vector<std::string> parents; // In-Reply-To, then References (nearest first)
    std::string subject;
    std::string from;                 // lower-case addresses
    std::vector<std::string> to, cc, bcc;  // bcc: only for scope decisions
    bool has_attachment = false;
    Direction dir = Direction::external;
    // The customers of the message's outside parties: the sender's for inbound mail, the
    // recipients' for outbound (each once).
    std::vector<std::string> customers;
    // Inbound mail: our first recipient (To before Cc), who is expected to answer.
    std::string owner;
};

// Which addresses are the company's and who the outside parties are.
class Parties {
public:
    // `dir` may be null (a case without a directory); `extra_work_domains` add to its work
    // domains (lower-case).
    Parties(const Directory* dir, std::vector<std::string> extra_work_domains);
    bool is_work(const std::string& address) const;
    // The customer an outside address belongs to: the directory's customer name for its
    // domain, the address itself for free-mail domains, else the domain.
    std::string customer(const std::string& address) const;
    const Directory* directory() const { return m_dir; }
    bool has_work_domains() const;

private:
    const Directory* m_dir;
    std::vector<std::string> m_extra;
};

// Mail services where one domain holds unrelated people (gmail.com, qq.com, 163.com, ...).
bool is_free_mail_domain(const std::string& domain);

struct CommModel {
    std::vector<CommMessage> messages;  // by date, then id
    std::int64_t first = 0, last = 0;   // dates of the first and last message
};

// Every dated message of the case for which `keep(id, from, recipients, date)` holds (the
// viewer's scope), classified by `parties`.
using KeepFn = std::function<bool(const CommMessage&)>;
Result<CommModel> load_comm(Db& db, const Parties& parties, const KeepFn& keep = nullptr);

// Classifies a message whose from/to/cc are filled (used by load_comm and by tests).
void classify(CommMessage& m, const Parties& parties);

} // namespace ms
