#pragma once
// SQL text pieces both dialects spell the same way: quoted identifiers and string literals,
// numeric-looking text, and a Value written as JSON text.
#include <string>
#include <vector>

#include "schema/ir.h"

namespace alab::dialect {

// "a""b" — always quoted, quotes doubled: never injectable.
std::string QuoteSqlIdent(const std::string& ident);
// 'it''s' — quotes doubled; backslashes are literal in both dialects' standard strings.
std::string QuoteSqlString(const std::string& s);
// True for text such as 12, -1.5, 2e10 (what a numeric literal may be written as).
bool LooksNumeric(const std::string& s);
// A value as JSON text: strings JSON-quoted, null as null, numbers/booleans/json as they are.
std::string JsonText(const schema::Value& v);

// Table-level clauses of CREATE TABLE, spelled alike by both dialects: PRIMARY KEY, named
// FOREIGN KEY constraints with their actions, named CHECK constraints.
std::string ForeignKeyClause(const schema::ForeignKey& fk);
// The columns as CREATE TABLE writes them: in declared order (Column::position) from render
// version 4, in the IR's canonical order before.
std::vector<const schema::Column*> ColumnsInTableOrder(const schema::Table& t);
std::vector<std::string> TableConstraintClauses(const schema::Table& t);
// Indexes: the unique index behind Column.unique, CREATE [UNIQUE] INDEX ... [WHERE ...], and
// every index of a table (declared ones, then one per unique column).
std::string UniqueColumnIndexName(const std::string& table_sql, const std::string& column);
// How a dialect writes an index: the key of an Index::native definition it reads, and whether
// a UNIQUE constraint is an object of its own there (else it is a unique index).
struct IndexSpelling {
  std::string key;
  bool constraints = false;
};
std::string CreateIndexStatement(const std::string& table_sql, const schema::Index& i,
                                 const IndexSpelling& sp);
std::vector<std::string> IndexStatements(const schema::Table& t, const IndexSpelling& sp);

// The destructive-change guard's query (Dialect::UnfitRowsQuery): one row holding the count
// of `table_sql`'s rows matching `where` and a sample of the first, "k1 v1, k2 v2: 'value'"
// (the value cut at 40 characters, with its length). The dialect's spelling of the pieces:
struct SampleSpelling {
  const char* as_text;        // "{0}::text" or "CAST({0} AS TEXT)"
  const char* quote_literal;  // "quote_literal({0})" or "quote({0})"
  const char* left40;         // "left({0}, 40)" or "substr({0}, 1, 40)"
  const char* length;         // "char_length({0})" or "length({0})"
  const char* default_order;  // "1" or "rowid"
};
std::string UnfitRowsSelect(const std::string& table_sql, const std::vector<std::string>& key,
                            const std::string& value, const std::string& where,
                            const SampleSpelling& sp);

}  // namespace alab::dialect
