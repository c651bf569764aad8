#pragma once
// The schema IR: the dialect-independent description of a database schema.
// Schema files, migration replay and database introspection all produce it;
// the diff, the dialect renderers and the exporters all consume it.
// It holds no SQL text except user-provided expressions (checks, sql() defaults).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/expected.h"
#include "diag/diagnostic.h"

namespace alab::schema {

// Low-level column types. `id()` is kUuid + primary_key.
enum class Type {
  kUuid,
  kString,  // length
  kText,
  kInteger,  // 32-bit signed
  kBigint,   // 64-bit signed
  kFloat,
  kDecimal,  // precision, scale
  kBoolean,
  kDate,
  kTime,
  kDatetime,
  kJson,
  kBase64,
  kEnum,    // enum_values
  kNative,  // native: a database type kept as written (col.native), by SQL text key
};

const char* TypeName(Type t);  // "uuid", "string", ...
std::optional<Type> TypeFromName(const std::string& name);

// The SQL texts of an sql({...}) value or an m.sql statement, by the key of the schema
// language that gives them (SqlTextKeys() in schema/dsl_names.h); a dialect reads the text
// under its Dialect::sql_key(). Ordered, so every walk over it is deterministic.
using SqlTexts = std::map<std::string, std::string>;

// A value: a JS literal given to .default()/.backfill(), or a dialect-specific SQL expression.
struct Value {
  enum class Kind { kNull, kString, kNumber, kBool, kJson, kSql };
  Kind kind = Kind::kNull;
  std::string text;  // kString: the string; kNumber: JS-formatted number; kBool: "true"/"false";
                     // kJson: compact JSON text of an object/array
  SqlTexts sql;      // kSql: the expression under each key that gives one (never an empty text)

  bool operator==(const Value&) const = default;
  static Value String(std::string s) { return Value{Kind::kString, std::move(s), {}}; }
  static Value Number(std::string s) { return Value{Kind::kNumber, std::move(s), {}}; }
  static Value Bool(bool b) { return Value{Kind::kBool, b ? "true" : "false", {}}; }
  static Value Json(std::string compact) { return Value{Kind::kJson, std::move(compact), {}}; }
  // The texts given (empty ones are dropped: "none given").
  static Value Sql(SqlTexts texts);
  // sql("..."): the same text under every key.
  static Value SqlForEveryKey(const std::string& text);

  // The text under `key`; "" when none is given.
  const std::string& SqlText(const std::string& key) const;
  // The first text given, in the order of SqlTextKeys(); "" when none.
  const std::string& FirstSqlText() const;
  // True when every key gives the same text (sql("...")).
  bool SameSqlForEveryKey() const;
  // The text under every key in SqlTextKeys() order ("" for a key without one), joined by sep.
  std::string JoinedSqlTexts(const std::string& sep) const;
};

// The functions of a generated column's expression (fn.* in the schema language), plus the
// two leaves: kCol (a column reference) and kLit (a literal).
enum class Fn {
  kCol,
  kLit,
  kConcat,
  kUpper,
  kLower,
  kTrim,
  kLength,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kAbs,
  kRound,
  kCoalesce,
  kNullif,
};
// "col", "lit", "concat", ...: the name after `fn.` (and in the IR's JSON).
const char* FnName(Fn f);
// The function called `name`; nullopt for a name the schema language does not have.
std::optional<Fn> FnFromName(std::string_view name);
// Every function in declaration order (kCol and kLit first).
const std::vector<Fn>& AllFns();

// A generated column's expression, built with fn.* (dialect-neutral tree).
// kCol -> column reference in `column`; kLit -> literal in `literal`; otherwise a call of
// `fn` with `args`.
struct Expr {
  Fn fn = Fn::kLit;
  std::string column;
  std::optional<Value> literal;
  std::vector<Expr> args;
  bool operator==(const Expr&) const = default;
};

struct Computed {
  Expr expr;
  bool stored = true;  // .virtual() -> false
  bool operator==(const Computed&) const = default;
};

struct Column {
  std::string name;
  Type type = Type::kText;
  int length = 0;                        // kString
  int precision = 0;                     // kDecimal
  int scale = 0;                         // kDecimal
  std::vector<std::string> enum_values;  // kEnum, in declaration order
  // kEnum: the SQL name of a database enum type holding the values (col.enum(values, { type:
  // "mood" })): PostgreSQL creates it (CREATE TYPE ... AS ENUM) with the first column that
  // uses it and drops it with the last; columns sharing it hold the same values. "" = alab's
  // own enum (text with a CHECK); a dialect without enum types ignores it.
  std::string enum_type;
  // kNative: the type's SQL text under each key that gives one (col.native("interval") gives
  // it under every key); a dialect reads the text under its Dialect::sql_key(). SQLite may
  // hold "" (a column declared without a type).
  SqlTexts native;
  bool nullable = false;
  bool primary_key = false;
  // 1-based place of this column in a composite primary key whose order is not the table's
  // column order (`.primary_key(2)`); 0 when the key follows column order. A table read from a
  // schema file, a create_table or the catalog holds NormalizeKeyPlaces' form; operations set
  // places as written (a key's new order is reached once every column has its place).
  int key_position = 0;
  bool unique = false;  // single-column uniqueness (rendered as a unique index)
  std::optional<Value> default_value;
  std::optional<Value>
      backfill;       // value for existing rows when added NOT NULL (not part of equality)
  std::string check;  // column-level CHECK expression, "" = none
  std::optional<Computed> computed;

  // Metadata for exports; no SQL.
  std::string semantic;  // "email", "money", ... ("" for a low-level type)
  std::optional<double> min, max;
  std::string pattern;  // regular expression source
  std::string format;   // "email", "uri", "ipv4", ...
  std::string docs;
  std::optional<std::string> deprecated;  // reason ("" allowed)
  bool read_only = false;
  bool write_only = false;

  diag::SourceLoc loc;
  // 1-based place in the table as declared (schema file, create_table, the catalog's order;
  // an added column comes last); 0 when unknown. Columns stay in canonical order in the IR:
  // only CREATE TABLE (render version 4) writes them in this order. Not part of equality.
  int position = 0;

  // Equality of everything that affects the database (not metadata, not loc; the key's order
  // is the table's: SameDatabaseShape(Table) compares PrimaryKey()).
  bool SameDatabaseShape(const Column& other) const;
};

// A column's type is its type with length, precision, scale, enum values and native texts;
// every copy or comparison of "the type" goes through these two.
bool SameType(const Column& a, const Column& b);
void CopyType(const Column& from, Column& to);

struct Index {
  std::string name;
  std::vector<std::string> columns;
  bool unique = false;
  std::string where;  // partial index predicate, "" = none
  diag::SourceLoc loc;
  // A UNIQUE constraint (PostgreSQL: ALTER TABLE ... ADD/DROP CONSTRAINT), not a unique index;
  // a dialect without such constraints (Capabilities::unique_constraints) renders an index.
  bool constraint = false;
  // An index alab has no words for (an expression, DESC, an operator class, INCLUDE, another
  // method), kept as the database writes it after `ON <table>`, by SQL text key:
  // {postgres: "USING gin (tags)"}. `columns` then lists the plain columns it names, `where`
  // is "" (the text holds it).
  SqlTexts native;
  bool SameDatabaseShape(const Index& o) const {
    return name == o.name && columns == o.columns && unique == o.unique && where == o.where &&
           constraint == o.constraint && native == o.native;
  }
};

enum class FkAction { kNoAction, kRestrict, kCascade, kSetNull, kSetDefault };
const char* FkActionSql(FkAction a);  // "NO ACTION", "CASCADE", ...
std::optional<FkAction> FkActionFromString(
    const std::string& s);  // case-insensitive, "set null"/"SET_NULL"

// When a foreign key is checked: at each statement (not deferrable), or DEFERRABLE with its
// initial mode, `deferrable: "immediate"` / `"deferred"` (checked at commit).
enum class FkDeferral { kNot, kImmediate, kDeferred };
const char* FkDeferralSql(FkDeferral d);   // "", "DEFERRABLE INITIALLY IMMEDIATE", ...
const char* FkDeferralName(FkDeferral d);  // "", "immediate", "deferred"
std::optional<FkDeferral> FkDeferralFromString(const std::string& s);  // "immediate"/"deferred"

struct ForeignKey {
  std::string name;
  std::vector<std::string> columns;
  std::string ref_table;  // table reference "ns.name" (or "name" for tables without a namespace)
  std::vector<std::string> ref_columns;
  FkAction on_delete = FkAction::kNoAction;
  FkAction on_update = FkAction::kNoAction;
  FkDeferral deferral = FkDeferral::kNot;
  diag::SourceLoc loc;
  bool SameDatabaseShape(const ForeignKey& o) const {
    return name == o.name && columns == o.columns && ref_table == o.ref_table &&
           ref_columns == o.ref_columns && on_delete == o.on_delete && on_update == o.on_update &&
           deferral == o.deferral;
  }
};

struct Check {
  std::string name;
  std::string expr;
  diag::SourceLoc loc;
  bool SameDatabaseShape(const Check& o) const { return name == o.name && expr == o.expr; }
};

// belongs_to_any: <as>_type + <as>_id columns pointing at one of `refs`.
struct Polymorphic {
  std::string as;
  std::vector<std::string> refs;  // table references
  bool operator==(const Polymorphic&) const = default;
};

struct Table {
  std::string ns;                        // namespace ("" for junction tables created without one)
  std::string name;                      // table name within the namespace
  std::vector<Column> columns;           // canonical order, see Canonicalize()
  std::vector<Index> indexes;            // sorted by name
  std::vector<ForeignKey> foreign_keys;  // sorted by name
  std::vector<Check> checks;             // sorted by name
  std::vector<Polymorphic> polymorphic;
  bool junction = false;  // generated by many_to_many

  // Metadata for exports; no SQL.
  std::string docs;
  std::optional<std::string> deprecated;
  std::vector<std::string> sort_by, searchable, filterable;
  nlohmann::json meta = nlohmann::json::object();

  std::string file;  // schema file that declared it ("" when replayed/introspected)
  diag::SourceLoc loc;

  std::string Ref() const { return ns.empty() ? name : ns + "." + name; }      // "auth.user"
  std::string SqlName() const { return ns.empty() ? name : ns + "_" + name; }  // "auth_user"
  const Column* FindColumn(const std::string& n) const;
  Column* FindColumn(const std::string& n);
  // Names of the primary key's columns in key order: by key_position when the key gives one,
  // else in declared column order.
  std::vector<std::string> PrimaryKey() const;
};

struct Schema {
  std::vector<Table> tables;  // sorted by Ref()

  const Table* Find(const std::string& ref) const;  // by Ref(); also accepts SqlName()
  Table* Find(const std::string& ref);
};

// "auth.user" -> {"auth","user"}; "user" -> {"","user"}; ".user" relative to current_ns.
std::pair<std::string, std::string> SplitRef(const std::string& ref,
                                             const std::string& current_ns = "");
std::string SqlNameOfRef(const std::string& ref);  // "auth.user" -> "auth_user"

// The table's columns in declared order (Column::position; the IR keeps canonical order).
std::vector<const Column*> DeclaredColumns(const Table& t);

// Canonical column order: id first, then alphabetical, then created_at, updated_at, deleted_at.
bool ColumnOrderLess(const std::string& a, const std::string& b);
// Sorts columns, indexes, FKs, checks, and tables into canonical order.
void Canonicalize(Table& t);
// A key in declared column order gives no places; any other key numbers every column 1..n.
void NormalizeKeyPlaces(Table& t);
// Whether giving `column` the key place `place` changes the order of t's primary key (places
// are set one column at a time; most such steps only renumber).
bool ChangesKeyOrder(const Table& t, const std::string& column, int place);
// The 1-based place of `column` in t's primary key (0 when it is not a key column): what a
// dropped key column carries, so that adding it back puts it where it was.
int KeyPlaceOf(const Table& t, const std::string& column);
void Canonicalize(Schema& s);

// Default constraint/index names (identifiers over 63 bytes are shortened with a hash suffix).
std::string IndexName(const std::string& table_sql, const std::vector<std::string>& cols,
                      bool unique);
std::string ForeignKeyName(const std::string& table_sql, const std::vector<std::string>& cols);
std::string ShortenIdentifier(const std::string& ident);  // <= 63 bytes, deterministic

// Stable JSON dump (used by `alab schema -f json` and golden tests). Locations are left out
// unless with_locations; keys appear in a fixed order.
nlohmann::ordered_json ToJson(const Schema& s, bool with_locations = false);
nlohmann::ordered_json ToJson(const Table& t, bool with_locations = false);
nlohmann::ordered_json ToJson(const Column& c);
// Inverse of ToJson (for test fixtures and stored snapshots, `alab export --schema-json`): an
// error (kUserError) naming what is malformed when j is not such a dump.
Expected<Schema> SchemaFromJson(const nlohmann::json& j);

// Equality of database shape (ignores metadata and locations).
bool SameDatabaseShape(const Table& a, const Table& b);
bool SameDatabaseShape(const Schema& a, const Schema& b);

}  // namespace alab::schema
