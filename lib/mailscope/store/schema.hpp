// The case database schema and its migrations. The version lives in meta('schema_version');
// a newer case than this binary understands is refused rather than misread.
#pragma once

#include "mailscope/store/sqlite.hpp"

namespace ms {

constexpr int k_schema_version = 7;

// Creates the schema in an empty database or migrates an older one.
Result<void> migrate(Db& db);

// Fails when the case was written by a newer mailscope (read-only opens do not migrate).
Result<int> schema_version(Db& db);

} // namespace ms
