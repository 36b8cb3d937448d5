// Translation of Xapian exceptions into ms::Error, in one place.
#pragma once

#include "mailscope/util/error.hpp"

#include <xapian.h>

namespace ms {

inline Error xapian_error(const Xapian::Error& e, const std::string& where) {
    std::string msg = where + ": " + e.get_type() + ": " + e.get_msg();
    // Xapian::Error is not polymorphic: its type name is the only way to tell errors apart.
    const std::string type = e.get_type();
    if (type == "DatabaseLockError")
        return Error(Errc::locked, msg, "another mailscope process is indexing this case");
    if (type == "DatabaseOpeningError" || type == "DatabaseNotFoundError")
        return Error(Errc::not_found, msg, "run `mailscope index` to build the index");
    if (type == "DatabaseCorruptError")
        return Error(Errc::database, msg,
                     "the index is damaged; delete the case's index/ folder and run "
                     "`mailscope index` to rebuild it from the stored messages");
    if (type == "NetworkError" || type == "NetworkTimeoutError")
        return Error(Errc::io, msg,
                     "a remote shard did not answer: check that `mailscope serve-shard` runs "
                     "where `mailscope shards` says, or bring the shard back with `mailscope "
                     "shards --local N`");
    if (type == "QueryParserError")
        return Error(Errc::usage, "query: " + std::string(e.get_msg()),
                     "see mailscope-query(7) for the query language");
    return Error(Errc::database, msg);
}

} // namespace ms
