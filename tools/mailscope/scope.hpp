// The viewer's share of the case: search results filtered by the role matrix and messages
// masked for roles that see personal data masked. Every read path (search, show, export,
// flags) goes through here, so no path can forget the rules.
#pragma once

#include "cli.hpp"
#include "printer.hpp"

#include "mailscope/index/search.hpp"
#include "mailscope/store/reader.hpp"

namespace ms::cli {

struct ScopedResult {
    std::vector<std::int64_t> ids;     // visible matches, after offset and limit
    std::vector<Visibility> vis;       // per id
    std::uint64_t total = 0;           // visible matches before offset and limit
    std::uint64_t withheld = 0;        // matches outside the viewer's scope
};

// Runs the search and keeps what the viewer may see. Without a directory nothing is withheld
// and the index does the limiting; with one, every match is checked (counts stay exact).
Result<ScopedResult> scoped_search(Context& ctx, MessageReader& reader, const SearchOptions& opts);

// The summary as the viewer may see it (masked where they must); fails with a permission
// error naming the message when it is outside their scope.
Result<MessageSummary> scoped_summary(Context& ctx, MessageReader& reader, std::int64_t id,
                                      Detail detail, Visibility* vis = nullptr);

// Masks `text` when `vis` says so.
std::string scoped_text(const Context& ctx, Visibility vis, std::string text);

// The audit record of a command, with `detail` as JSON.
Result<void> audit(Context& ctx, const std::string& action, const std::string& target,
                   const std::string& query, const Record& detail, const std::string& reason = "",
                   std::int64_t until = 0);

const char* visibility_name(Visibility v);

// A reason a person gives (unlock, appeal, review): white space collapsed, at least four
// characters, else a usage error naming `option` with `example`.
Result<std::string> stated_reason(const std::string& text, const char* option, const char* example);

} // namespace ms::cli
