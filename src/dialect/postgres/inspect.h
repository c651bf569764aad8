#pragma once
// PostgreSQL introspection: three catalog queries over pg_catalog for the whole current
// schema (columns, constraints, indexes), whatever the number of tables.
#include "base/expected.h"
#include "dialect/connection.h"
#include "dialect/inspect.h"

namespace alab::dialect::postgres {

Expected<RawSchema> ReadPostgresCatalog(Connection& conn);

// format_type() text -> alab type ("character varying(255)" -> string 255, ...).
void MapPostgresType(const RawColumn& raw, schema::Column& col);
// Two columns of the same PostgreSQL type (text, enum and base64 are all TEXT; enums compare
// their values).
bool SamePostgresStoredType(const schema::Column& expected, const schema::Column& actual);

}  // namespace alab::dialect::postgres
