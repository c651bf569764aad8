#pragma once
// Turns what the JS recorders captured (plain JSON, see js/engine.h) into IR
// pieces: values, expressions, columns with their relationships. Shared by schema
// files (col.*) and migration files (t.*).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "diag/diagnostic.h"
#include "schema/ir.h"

namespace alab::schema::dsl {

using Json = nlohmann::ordered_json;

struct Context {
  std::string file;        // display path
  std::string ns;          // namespace of the table being declared ("" for none)
  std::string table_sql;   // SQL name of that table (for default index/FK names)
  bool migration = false;  // t.* style: the column name is the first argument
  diag::DiagnosticSink* diags = nullptr;

  void Error(const diag::SourceLoc& loc, std::string message,
             std::vector<std::string> notes = {}) const {
    diags->Error(loc, std::move(message), std::move(notes));
  }
};

// [line, col, length] -> SourceLoc in ctx.file.
diag::SourceLoc Loc(const Json& loc, const std::string& file);
// "a string", "a number", "undefined", "a function", ... (for messages).
std::string DescribeArg(const Json& v);
bool IsMarker(const Json& v, const char* kind);  // {"$alab": kind, ...}
// False (+ a diagnostic at loc) when text holds a control character other than tab, newline
// and carriage return: SQL text, documentation and names reach databases and exports as they
// are (PostgreSQL would cut the text at a NUL byte, SQLite would stop reading there).
bool CheckText(const Context& ctx, const diag::SourceLoc& loc, const std::string& what,
               const std::string& text);
// A .default()/.backfill() value; nullopt (+ diagnostic) when it is not a value.
std::optional<Value> DecodeValue(const Json& v, const Context& ctx, const diag::SourceLoc& loc,
                                 const std::string& what);
// An sql({postgres, sqlite}) / postgres() / sqlite() marker or a plain string.
std::optional<Value> DecodeSql(const Json& v, const Context& ctx, const diag::SourceLoc& loc,
                               const std::string& what);
std::optional<Expr> DecodeExpr(const Json& v, const Context& ctx, const diag::SourceLoc& loc);
// "auth.user" stays; ".user" and "user" -> "<ns>.user" (when ns is not empty).
std::string ResolveRef(const std::string& ref, const std::string& current_ns);
// Column names given as varargs and/or arrays of strings.
// An index's `native` option: "USING gin (tags)" (every key) or { postgres: "..." }, the
// definition after `ON <table>`; false (with an error) when malformed.
bool DecodeNativeIndex(const Json& v, const Context& ctx, const diag::SourceLoc& loc,
                       SqlTexts& out);

std::vector<std::string> StringList(const Json& args, size_t from, const Context& ctx,
                                    const diag::SourceLoc& loc, const std::string& what);

struct ManyToMany {
  std::string ref;  // resolved
  diag::SourceLoc loc;
};

// Everything one column declaration produces.
struct ColumnParts {
  std::vector<Column> columns;
  std::vector<ForeignKey> foreign_keys;
  std::vector<Index> indexes;  // .index() and relationship indexes (schema files only)
  std::vector<Polymorphic> polymorphic;
  std::vector<ManyToMany> many_to_many;
};

// rec: {"k":"col","type":..,"a":[..],"loc":[..],"mods":[{"n","a","loc"}]}. key: the
// property name in table({...}); "" in migration files (the name is the first argument).
void DecodeColumn(const Json& rec, const std::string& key, const Context& ctx, ColumnParts& out);

// Sets c's type (and length/precision/scale/enum values, or a semantic preset) from a
// type name and its arguments; false after a diagnostic.
bool ApplyColumnType(Column& c, const std::string& type, const Json& args, const Context& ctx,
                     const diag::SourceLoc& loc);

// The columns .timestamps()/.soft_delete()/.sortable()/.auditable() add.
std::vector<Column> HelperColumns(const std::string& helper, const diag::SourceLoc& loc);

}  // namespace alab::schema::dsl
