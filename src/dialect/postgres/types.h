#pragma once
// PostgreSQL column types and the implicit CHECK constraints. Shared by the renderer and
// the introspection (the reverse mapping).
//
// Type mapping: uuid UUID, string(n) VARCHAR(n), text TEXT, integer INTEGER, float DOUBLE
// PRECISION, decimal(p,s) NUMERIC(p,s), boolean BOOLEAN, date DATE, time TIME, datetime
// TIMESTAMPTZ, json JSONB, base64 BYTEA, enum TEXT.
//
// Implicit CHECK constraint names (every name goes through schema::ShortenIdentifier; the
// renderer renames them along with table and column renames):
//   enum column          chk_<table_sql>_<col>_enum   CHECK ("col" IN ('a', 'b'))
//   column .check(expr)  chk_<table_sql>_<col>        CHECK (expr)
// (The same names as on SQLite; PostgreSQL needs no boolean or json check.)
// Table-level checks (Table::checks) keep their own names.
#include <optional>
#include <string>
#include <vector>

#include "schema/ir.h"

namespace alab::dialect::postgres {

std::string SqlType(const schema::Column& c);

enum class CheckKind { kEnum, kColumn };

struct ImplicitCheck {
  CheckKind kind;
  std::string name;
  std::string expr;  // the SQL inside CHECK ( ... )
};

std::string ImplicitCheckName(const std::string& table_sql, const std::string& column,
                              CheckKind kind);
std::vector<ImplicitCheck> ColumnChecks(const std::string& table_sql, const schema::Column& c);

// Reverse mapping: accepts what this renderer writes and what format_type() returns
// ("character varying(255)", "timestamp with time zone", "double precision", "jsonb", ...).
// TEXT maps to kText (enum columns are TEXT + their check). nullopt for other types.
std::optional<schema::Column> ColumnFromSqlType(const std::string& type);

// A boolean SQL expression over the value `v` (of column type `from`) that is true when the
// value converts to `to` unchanged (no truncation, rounding or overflow), NULL-safe (a NULL
// value fits). "" when the change loses nothing or the loss cannot be told in SQL (then the
// database's own cast decides). Used by the AlterColumn renderer (as a temporary CHECK before
// the type change) and by the destructive-change guard (to count the rows that do not fit).
std::string FitsExpr(const std::string& v, const schema::Column& from, const schema::Column& to);
// A SQL-safe identifier fragment for a type: "varchar_60", "numeric_6_2", "integer".
std::string TypeTag(const schema::Column& c);

}  // namespace alab::dialect::postgres
