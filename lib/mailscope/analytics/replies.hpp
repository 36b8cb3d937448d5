// Reply times, unanswered runs, escalations, department reply times and CC load, computed
// from a CommModel. The definitions are mailscope-analytics(7); every function here is pure
// so the hand-computed fixtures in tests/data/analytics check them exactly.
#pragma once

#include "mailscope/analytics/comm.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ms {

// Median (the mean of the two middle values for an even count) and mean, in seconds.
struct Summary {
    std::uint64_t count = 0;
    double median = 0, mean = 0;
};
Summary summarize(std::vector<std::int64_t> values);

// "2025-03" for instant t at `offset_min` from UTC.
std::string month_of(std::int64_t t, int offset_min);

struct MonthVolume {
    std::uint64_t inbound = 0, outbound = 0;
};

struct CustomerStats {
    std::string customer;
    std::uint64_t inbound = 0, outbound = 0;
    std::int64_t first = 0, last = 0;          // first and last contact
    std::map<std::string, MonthVolume> months;  // "2025-01" -> volume
    // Per run of their mail, the time from its first message to our next mail to them; and
    // the same for our runs and their next mail.
    std::vector<std::int64_t> our_reply, their_reply;
    // When each of those runs began, in the same order (for reply times per month).
    std::vector<std::int64_t> our_reply_from, their_reply_from;
    Summary our, their;
    std::uint32_t current_run = 0;             // their mail since our last mail to them
    std::int64_t current_run_since = 0;        // date of the first of those
    std::uint32_t longest_run = 0;             // the longest run ever (closed or not)
    std::vector<std::string> contacts;         // our people who wrote to them, most mail first
};

struct Escalation {
    std::int64_t message = 0;
    std::string customer;
    std::int64_t date = 0;
    std::int64_t waiting = 0;   // seconds unanswered as of as_of
    std::string from, owner;    // their sender; our first recipient (To before Cc)
    std::string subject;
};

struct CustomerOptions {
    std::int64_t as_of = 0;                 // 0: the last message of the model
    std::int64_t escalate_after = 48 * 3600;
    std::function<int(std::int64_t)> utc_offset;  // minutes; null: UTC
};

struct CustomerReport {
    std::int64_t as_of = 0;
    std::vector<CustomerStats> customers;   // by name
    std::vector<Escalation> escalations;    // longest waiting first
};

CustomerReport customer_stats(const CommModel& model, const CustomerOptions& opts);

// The message each message answers (index into model.messages), or -1: the nearest of its
// In-Reply-To/References that is in the model and earlier; without one, the latest earlier
// message of its thread that its sender received from one of its recipients.
std::vector<std::ptrdiff_t> answered_messages(const CommModel& model);

struct ReplyCell {
    std::string from_department, to_department;  // asker, replier
    std::vector<std::int64_t> times;             // first reply per message, seconds
    Summary summary;
};

// Internal mail between people of the directory: for each message, the first reply by a
// person of each other department (and of the sender's own), grouped by the two departments.
std::vector<ReplyCell> department_reply_times(const CommModel& model, const Directory& dir);

struct CcSender {
    std::string sender;
    std::uint64_t messages = 0;     // messages with more than min_cc CC recipients
    std::uint64_t cc_total = 0;     // CC recipients on them
};
struct CcBucket {
    std::string label;              // "0", "1-2", "3-5", "6-10", "11+"
    std::uint32_t low = 0, high = 0;
    std::uint64_t messages = 0, answered = 0;
    Summary reply;                  // first reply, seconds
};
struct CcReport {
    std::uint32_t min_cc = 5;
    std::vector<std::size_t> heavy;         // indexes of messages with more than min_cc in CC
    std::vector<CcSender> senders;          // most heavy messages first
    std::vector<CcBucket> buckets;
};
CcReport cc_stats(const CommModel& model, std::uint32_t min_cc);

} // namespace ms
