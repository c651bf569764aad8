#pragma once
// What shared code asks of a database by its dialect, answered here so that the runner, the
// data layer and the CLI never compare dialect names: how long to wait for the write lock,
// whether opening a url would create the database, which text of an sql() value it runs.
#include <chrono>
#include <string>

#include "base/expected.h"
#include "dialect/connection.h"
#include "schema/ir.h"

namespace alab::dialect {

// The SQL text of a dialect-specific value (sql({postgres, sqlite})) for `dialect`; "" when the
// value gives none.
const std::string& SqlTextFor(const schema::Value& v, const std::string& dialect);

}  // namespace alab::dialect
