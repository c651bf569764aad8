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

}  // namespace alab::dialect::postgres
