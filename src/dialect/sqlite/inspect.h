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

// ---- drift's questions (SqliteDialect answers them with these)
// Two columns alab stores alike in SQLite (its storage, not the declared type's affinity: a
// boolean is an integer 0/1, a datetime ISO 8601 text) with the same implicit checks.
bool SameSqliteStoredType(const schema::Column& expected, const schema::Column& actual);
// datetime('now') is current_timestamp, date('now') current_date, time('now') current_time.
std::string SqliteCanonicalDefault(const std::string& normalized);
// A non-literal default read back as SQLite's sql() text (the ISO now is CURRENT_TIMESTAMP).
schema::Value SqliteSqlDefault(const std::string& expr, const schema::Column& col);
// SQLite's type checks (render version >= 2) belong to the column's type: a table created
// before them and one created with them map to the same IR.
bool IsSqliteTypeCheck(const std::string& expr, const schema::Table& t);
// Pull: uuids are TEXT in SQLite, so a text column named *_id (no default, not generated) is
// taken for one.
void GuessSqliteUuids(schema::Schema& s);

}  // namespace alab::dialect::sqlite
