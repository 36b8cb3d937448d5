// The one output layer: every record a command prints goes through a Printer, as human text,
// JSON Lines (one object per line, with format_version first) or CSV (RFC 4180).
#pragma once

#include "cli.hpp"

#include <functional>
#include <iosfwd>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ms::cli {

using Record = nlohmann::ordered_json;

// Version of the JSON and CSV record schemas documented in the man pages.
inline constexpr int k_format_version = 1;

class Printer {
public:
    using TextFn = std::function<void(std::ostream&, const Record&)>;
    static std::unique_ptr<Printer> make(OutputFormat fmt, std::ostream& out,
                                         std::vector<std::string> csv_columns, TextFn text);
    virtual ~Printer() = default;
    virtual void record(const Record& r) = 0;
    // Text output can skip building a Record: listings of thousands of messages print their
    // lines directly (half the time of a search is otherwise spent making JSON objects).
    virtual bool structured() const { return true; }
    virtual void text(std::string_view line) { (void)line; }
    // Ends the output (CSV still gets its header row when there were no records).
    virtual void finish() {}
};

// Joins a JSON array of strings with `sep` (CSV cells, text columns).
std::string join_array(const Record& arr, const char* sep);

} // namespace ms::cli
