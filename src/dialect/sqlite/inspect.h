#pragma once
// SQLite introspection: sqlite_schema plus the pragma table-valued functions, four
// queries for the whole database; CHECK constraints, constraint names and generated
// expressions come from the stored CREATE TABLE text.
#include "base/expected.h"
#include "dialect/connection.h"
#include "dialect/inspect.h"

namespace alab::dialect::sqlite {

Expected<RawSchema> ReadSqliteCatalog(Connection& conn);

// Declared type -> alab type ("VARCHAR(255)" -> string 255, "INTEGER" -> integer, ...).
void MapSqliteType(const RawColumn& raw, schema::Column& col);

}  // namespace alab::dialect::sqlite
