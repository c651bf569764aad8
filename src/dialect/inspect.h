#pragma once
// Introspection: a live database read into the schema IR. Each dialect reads its
// catalog into a RawSchema (names and SQL text as the database reports them, in a
// constant number of queries); the shared part here maps that to the IR: alab types
// (recognising the implicit boolean/json/enum checks), defaults as values, the unique
// indexes that stand for Column.unique, names of tables as namespace + name.
#include <optional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "dialect/connection.h"
#include "dialect/dialect.h"
#include "schema/ir.h"

namespace alab::dialect {

struct InspectOptions {
  // Database tables to leave out (SQL names), besides alab's own and the engine's.
  std::vector<std::string> ignore_tables;
  // Without `expected`: split "auth_user" at the first '_' into namespace "auth" and
  // table "user"; otherwise the namespace is "".
  bool namespace_by_prefix = false;
  // When given, tables named by its SQL names take its namespace/name split.
  const schema::Schema* expected = nullptr;
  // Receives what could not be represented in the IR (expression indexes, ...).
  std::vector<std::string>* warnings = nullptr;
};

// ---- Raw catalog rows, as each dialect reads them ---------------------------------

struct RawColumn {
  std::string name;
  std::string type;  // as declared (SQLite) or format_type() (PostgreSQL)
  bool not_null = false;
  std::optional<std::string> default_expr;
  std::optional<std::string> generated_expr;
  bool generated_stored = false;
  int pk_position = 0;                   // 1-based position in the primary key, 0 = not part of it
  std::vector<std::string> enum_labels;  // PostgreSQL enum type labels
  bool user_type = false;                // PostgreSQL: a domain or other type of this database
};

struct RawIndex {
  std::string name;
  std::vector<std::string> columns;      // "" where the key is an expression
  std::vector<std::string> expressions;  // key expressions (parallel to columns when known)
  bool unique = false;
  bool primary = false;
  bool constraint_backed = false;  // a UNIQUE constraint (PostgreSQL) / autoindex (SQLite)
  std::string where;
  // PostgreSQL: an index that is not a plain btree over columns, as pg_get_indexdef writes it
  // after `ON <table>` ("USING gin (tags)"); "" for a plain one.
  std::string native_definition;
};

struct RawForeignKey {
  std::string name;  // "" when the database does not name it
  std::vector<std::string> columns;
  std::string ref_table;                 // SQL name
  std::vector<std::string> ref_columns;  // empty = the referenced table's primary key
  schema::FkAction on_delete = schema::FkAction::kNoAction;
  schema::FkAction on_update = schema::FkAction::kNoAction;
  schema::FkDeferral deferral = schema::FkDeferral::kNot;  // PostgreSQL DEFERRABLE
};

struct RawCheck {
  std::string name;    // "" when unnamed (SQLite)
  std::string expr;    // the expression inside CHECK ( ... )
  std::string column;  // set for a column-level check
};

struct RawTable {
  std::string name;                // SQL name
  std::vector<RawColumn> columns;  // in table order
  std::vector<RawIndex> indexes;
  std::vector<RawForeignKey> foreign_keys;
  std::vector<RawCheck> checks;
  std::vector<std::string> unmodelled;  // ParsedCreateTable::unmodelled (SQLite): pull warns
};

struct RawSchema {
  std::vector<RawTable> tables;
};

// ---- Entry points ------------------------------------------------------------------

// Reads the database behind `conn` into the IR (canonical order).
Expected<schema::Schema> Inspect(Connection& conn, const InspectOptions& options = {});

// The shared mapping RawSchema -> IR (exposed for tests).
schema::Schema BuildSchema(const Dialect& dialect, const RawSchema& raw,
                           const InspectOptions& options = {});

// True for tables alab manages itself or the engine owns (alab_migrations, alab_lock*,
// sqlite_*).
bool IsInternalTable(const std::string& sql_name);

// A column default's SQL text as a Value for a column of `col`'s type: literals become
// kString/kNumber/kBool/kJson, anything else kSql for the dialect. nullopt for NULL.
std::optional<schema::Value> DefaultToValue(const Dialect& dialect, const std::string& expr,
                                            const schema::Column& col);

// True when expr is one of the random-uuid expressions an id() column gets by default.
bool IsUuidDefaultExpr(const std::string& expr);

}  // namespace alab::dialect
