#pragma once
// SQLite column types and the implicit CHECK constraints that carry what SQLite's types
// cannot. Shared by the renderer and the introspection (the reverse mapping).
//
// Type mapping: uuid TEXT, string(n) VARCHAR(n), text TEXT, integer INTEGER, float REAL,
// decimal(p,s) NUMERIC(p,s), boolean BOOLEAN, date DATE, time TIME, datetime DATETIME,
// json TEXT, base64 BLOB, enum TEXT.
//
// Implicit CHECK constraint names (written inline in the column definition as
// `CONSTRAINT "<name>" CHECK (...)`; every name goes through schema::ShortenIdentifier):
//   enum column          chk_<table_sql>_<col>_enum   CHECK ("col" IN ('a', 'b'))
//   boolean column       chk_<table_sql>_<col>_bool   CHECK ("col" IN (0, 1))
//   json column          chk_<table_sql>_<col>_json   CHECK ("col" IS NULL OR json_valid("col"))
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

enum class CheckKind { kEnum, kBool, kJson, kColumn };

struct ImplicitCheck {
  CheckKind kind;
  std::string name;
  std::string expr;  // the SQL inside CHECK ( ... )
};

std::string ImplicitCheckName(const std::string& table_sql, const std::string& column,
                              CheckKind kind);
// The implicit checks of a column, in the order above (enum/bool/json, then .check).
std::vector<ImplicitCheck> ColumnChecks(const std::string& table_sql, const schema::Column& c);

// Reverse mapping of a declared type: fills type/length/precision/scale. TEXT maps to kText
// (uuid, json and enum columns are TEXT too: refine with the implicit checks and the IR).
// nullopt for a type alab does not produce.
std::optional<schema::Column> ColumnFromSqlType(const std::string& declared);
// The values of an enum check expression `"col" IN ('a', 'b')`; nullopt when it is not one.
std::optional<std::vector<std::string>> ParseEnumCheck(const std::string& expr);

}  // namespace alab::dialect::sqlite
