// The handover dossier model (issue 6): per customer of a departing employee, the profile,
// the key events, the documents they sent and the open points. Built from the analytics model,
// the flags and the attachments; the PDF and JSON renderers read only this.
#pragma once

#include "mailscope/analytics/comm.hpp"
#include "mailscope/analytics/replies.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ms {

struct DossierFlag {
    std::string rule, tier, category;
};

struct DossierAttachment {
    std::string filename, content_type, sha256;
    std::uint64_t size = 0;
};

struct DossierContact {
    std::string address;
    std::uint64_t messages = 0;  // mails from or to this address in the dossier
    std::string title;           // from their latest signature (filled by the caller)
};

struct DossierEvent {
    std::int64_t date = 0, message = 0;
    std::string kind;     // first-contact, proposal, complaint, price, flagged
    std::string summary;  // the subject, or the rule for flagged
};

struct DossierDocument {
    std::int64_t date = 0, message = 0;
    DossierAttachment file;
};

struct DossierOpenPoint {
    std::int64_t date = 0, message = 0;
    std::string kind;     // unanswered, open-thread, awaiting-reply, approval-flag, promise
    std::string summary;
};

struct Dossier {
    std::string customer;
    std::int64_t first = 0, last = 0;
    std::uint64_t inbound = 0, outbound = 0;
    std::map<std::string, MonthVolume> months;
    Summary our_reply, their_reply;
    std::vector<DossierContact> contacts;    // their addresses, most mail first
    std::vector<std::string> colleagues;     // our other people on the mail, most first
    std::vector<DossierEvent> events;        // by date
    std::vector<DossierDocument> documents;  // what the employee sent, by date
    std::vector<DossierOpenPoint> open_points;
};

struct DossierInput {
    const Parties* parties = nullptr;        // which addresses are the company's (required)
    std::vector<std::string> employee;       // the departing employee's addresses
    std::vector<std::string> customers;      // customer keys; empty: every customer they mailed
    std::map<std::int64_t, std::vector<DossierFlag>> flags;
    std::map<std::int64_t, std::vector<DossierAttachment>> attachments;
    std::int64_t as_of = 0;                  // 0: the last message of the model
    std::int64_t promise_window = 90 * 86400;
    std::function<int(std::int64_t)> utc_offset;
};

// A subject's kind of event: "proposal" (quotes, offers, proposals, 报价, 方案), "complaint"
// (投诉, 退款, damaged, complaint, ...), "price" (价格, 折扣, discount, price), or "".
std::string event_kind(const std::string& subject);

// One dossier per customer the employee exchanged mail with (or per listed customer), in the
// order of the customer keys.
std::vector<Dossier> build_dossiers(const CommModel& model, const DossierInput& in);

} // namespace ms
