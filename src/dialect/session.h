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

// Waits up to `timeout` for another writer (SQLite's busy timeout; PostgreSQL waits on its
// advisory lock, which takes its own timeout).
Status SetLockWait(Connection& conn, std::chrono::milliseconds timeout);

// Read-only commands never create a database: an error naming the SQLite file when it is
// missing (kUserError; kIo when even its folder is missing). Servers: always Ok.
Status RequireExistingDatabase(const std::string& dialect, const std::string& url);

// True when opening `url` would create the database (an embedded database file that does not
// exist yet); false for servers and for files that exist.
bool DatabaseNotCreatedYet(const std::string& dialect, const std::string& url);
// The SQL text of a dialect-specific value (sql({postgres, sqlite})) for `dialect`; "" when the
// value gives none.
const std::string& SqlTextFor(const schema::Value& v, const std::string& dialect);

}  // namespace alab::dialect
