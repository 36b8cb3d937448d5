// Messages as output records, shared by search, show and export.
#pragma once

#include "printer.hpp"

#include "mailscope/store/flags.hpp"
#include "mailscope/store/reader.hpp"

namespace ms::cli {

// The record of one message in a listing (mailscope-search(1), JSON OUTPUT).
Record message_record(const MessageSummary& s);
// Columns of --format csv for message listings.
const std::vector<std::string>& message_csv_columns();
// One line per message for text listings (newline included).
std::string message_text_line(const MessageSummary& s);

std::string format_address(const Address& a);

// A flag as a record (mailscope-flags(1), JSON OUTPUT); `s` adds the message's date, sender
// and subject when given.
Record flag_record(const FlagRow& f, const MessageSummary* s);
const std::vector<std::string>& flag_csv_columns();
void flag_text_line(std::ostream& out, const Record& r);

} // namespace ms::cli
