#pragma once
// SQL text helpers for introspection and semantic comparison: a small tokenizer,
// expression normalisation (casts, parentheses, quoting, now() vs CURRENT_TIMESTAMP),
// and the pieces of CREATE TABLE text that catalogs do not expose (SQLite).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/ir.h"

namespace alab::dialect {

struct SqlToken {
  enum class Kind { kIdent, kQuotedIdent, kString, kNumber, kPunct };
  Kind kind = Kind::kPunct;
  std::string text;  // kIdent: as written; kQuotedIdent/kString: unquoted content
  size_t begin = 0;  // byte offsets in the source text
  size_t end = 0;
};

// Tokenizes SQL: identifiers, "quoted"/`quoted`/[quoted] identifiers, 'strings',
// numbers, operators. Comments and whitespace are skipped.
std::vector<SqlToken> TokenizeSql(std::string_view sql);

// A canonical spelling of an expression for equality tests: unquoted lower-case
// identifiers, casts (::type) removed, parentheses removed, `= ANY (ARRAY[..])` as IN,
// now() as current_timestamp, != as <>, ~~ as like. Not SQL any more: compare only.
std::string NormalizeExpr(std::string_view expr);

// The expression without redundant outer parentheses ("((a > 1))" -> "a > 1").
std::string StripOuterParens(std::string_view expr);

// Splits at top-level separators (outside parentheses, strings and quotes).
std::vector<std::string> SplitTopLevel(std::string_view s, char sep);

// A SQL string literal's content if expr is exactly one literal, optionally followed by
// casts ('abc'::text, ('abc'::character varying)); nullopt otherwise.
std::optional<std::string> StringLiteral(std::string_view expr);
// A numeric literal (with sign) optionally cast or quoted with a numeric cast
// ('-1'::integer, (-1), 2.50); the text as written without quotes/casts.
std::optional<std::string> NumericLiteral(std::string_view expr);

// For `col IN ('a', 'b')` or `col = ANY (ARRAY['a'::text, 'b'::text])` (any quoting/casts):
// the column name and the values; nullopt for anything else.
struct InList {
  std::string column;
  std::vector<std::string> values;  // string literal contents or numbers as written
  bool all_strings = true;
};
std::optional<InList> ParseInList(std::string_view expr);
// For `json_valid(col)` / `json_valid("col")`: the column name.
std::optional<std::string> ParseJsonValid(std::string_view expr);

// Parts of one SQLite CREATE TABLE statement that the pragmas do not report.
struct ParsedCheck {
  std::string name;    // "" when unnamed
  std::string expr;    // text inside CHECK ( ... ), as written
  std::string column;  // set for a column-level (inline) check
};
struct ParsedForeignKey {
  std::string name;  // "" when unnamed
  std::vector<std::string> columns;
  schema::FkDeferral deferral = schema::FkDeferral::kNot;  // DEFERRABLE [INITIALLY ...]
};
struct ParsedGenerated {
  std::string column;
  std::string expr;
  bool stored = false;
};
struct ParsedCreateTable {
  std::vector<ParsedCheck> checks;
  std::vector<ParsedForeignKey> foreign_keys;  // in declaration order
  std::vector<ParsedGenerated> generated;
  std::vector<std::string> inline_unique_columns;  // columns declared with UNIQUE inline
  // Column name (as IdentText gives it) -> the collation its definition names (NOCASE).
  std::map<std::string, std::string> collations;
  // What the table declares that schema files cannot say, one phrase each ("its key is
  // AUTOINCREMENT", "it is WITHOUT ROWID", "it is STRICT"): pull warns.
  std::vector<std::string> unmodelled;
};
ParsedCreateTable ParseCreateTable(std::string_view sql);

// The WHERE predicate of a CREATE INDEX statement ("" when none).
std::string IndexWhereClause(std::string_view create_index_sql);

}  // namespace alab::dialect
