// The single integer an SQL query returns, for test assertions on a case's tables.
#pragma once

#include "mailscope/store/sqlite.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

inline std::int64_t db_scalar(ms::Db& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st);
    auto row = st->step();
    REQUIRE(row);
    REQUIRE(*row);
    return st->int64(0);
}
