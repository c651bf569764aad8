#pragma once
// SQLite column types and the implicit CHECK constraints that carry what SQLite's types
// cannot. Shared by the renderer and the introspection (the reverse mapping).
//
// Type mapping: uuid TEXT, string(n) VARCHAR(n), text TEXT, integer INTEGER, bigint BIGINT, float
// REAL, decimal(p,s) DECIMAL_TEXT(p,s) (render version 1: NUMERIC(p,s)), boolean BOOLEAN, date
// DATE, time TIME, datetime DATETIME, json TEXT, base64 BLOB, enum TEXT.
//
// Implicit CHECK constraint names (written inline in the column definition as
// `CONSTRAINT "<name>" CHECK (...)`; every name goes through schema::ShortenIdentifier):
//   enum column          chk_<table_sql>_<col>_enum   CHECK ("col" IN ('a', 'b'))
//   boolean column       chk_<table_sql>_<col>_bool   CHECK ("col" IN (0, 1))
//   json column          chk_<table_sql>_<col>_json   CHECK ("col" IS NULL OR json_valid("col"))
//   integer, bigint, float and decimal columns (render version >= 2; not primary keys or computed)
//                        chk_<table_sql>_<col>_type   CHECK (typeof("col") IN ('integer', 'null')),
//                        ('real', 'null') for float, DecimalTextCheck for decimal
//   column .check(expr)  chk_<table_sql>_<col>        CHECK (expr)
// Table-level checks (Table::checks) keep their own names. After a table/column rename on
// SQLite the constraint names inside the table's SQL keep the old names until the next
// rebuild; introspection should match implicit checks by kind and expression, not by name.
#include <optional>
#include <string>
#include <vector>

#include "schema/ir.h"

namespace alab::dialect::sqlite {

// The declared type ("VARCHAR(255)", "NUMERIC(10,2)", "TEXT", ...).
std::string SqlType(const schema::Column& c);

enum class CheckKind { kEnum, kBool, kJson, kType, kColumn };

struct ImplicitCheck {
  CheckKind kind;
  std::string name;
  std::string expr;  // the SQL inside CHECK ( ... )
};

std::string ImplicitCheckName(const std::string& table_sql, const std::string& column,
                              CheckKind kind);
// The implicit checks of a column, in the order above (enum/bool/json, then .check).
std::vector<ImplicitCheck> ColumnChecks(const std::string& table_sql, const schema::Column& c);

// The type check of a column (kType above), whatever the render version: the inspector
// recognises it in databases of either version. nullopt for types without one.
std::optional<ImplicitCheck> TypeCheck(const std::string& table_sql, const schema::Column& c);
// True when `v` (a SQL expression) is text spelling a decimal number (optional '-', digits,
// at most one '.') with at most precision - scale digits before the point (leading zeros
// aside) and scale after it (trailing zeros aside); NULL-safe. precision 0: any such number.
std::string DecimalTextCheck(const std::string& v, int precision, int scale);

// The destructive-change guard's condition on the old value `v` of `from`: true for a row
// whose value the rebuild to `to` refuses (too long, not a number within precision/scale,
// not an integer or out of INTEGER's 32-bit range as on PostgreSQL, a removed enum value).
// "" when the change loses nothing or cannot be told.
std::string UnfitCondition(const std::string& v, const schema::Column& from,
                           const schema::Column& to);
// What the rebuild checks on the copied (stored) value `v` beyond the new table's own
// constraints: the length of a string, the range of an integer; "" when nothing.
std::string StoredFitsExpr(const std::string& v, const schema::Column& to);

// The current time in the wire format of datetimes, ISO 8601 UTC to the second
// ("2026-12-02T06:09:42Z"): what a datetime's CURRENT_TIMESTAMP default or backfill is
// rendered as from render version 3 (CURRENT_TIMESTAMP itself stores "2026-12-02 06:09:42").
const char* IsoNowExpr();
// True when `sql` is CURRENT_TIMESTAMP (any case, spaces, parentheses around it).
bool IsCurrentTimestampSql(const std::string& sql);
// True when `sql` is IsoNowExpr() (spaces and parentheses around it aside): the inspector
// reads it back as CURRENT_TIMESTAMP.
bool IsIsoNowSql(const std::string& sql);

// Reverse mapping of a declared type: fills type/length/precision/scale. TEXT maps to kText
// (uuid, json and enum columns are TEXT too: refine with the implicit checks and the IR).
// nullopt for a type alab does not produce.
std::optional<schema::Column> ColumnFromSqlType(const std::string& declared);
// The values of an enum check expression `"col" IN ('a', 'b')`; nullopt when it is not one.
std::optional<std::vector<std::string>> ParseEnumCheck(const std::string& expr);

}  // namespace alab::dialect::sqlite
