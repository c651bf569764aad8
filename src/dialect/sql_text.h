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
std::vector<std::string> TableConstraintClauses(const schema::Table& t);
// Indexes: the unique index behind Column.unique, CREATE [UNIQUE] INDEX ... [WHERE ...], and
// every index of a table (declared ones, then one per unique column).
std::string UniqueColumnIndexName(const std::string& table_sql, const std::string& column);
std::string CreateIndexStatement(const std::string& table_sql, const schema::Index& i);
std::vector<std::string> IndexStatements(const schema::Table& t);

}  // namespace alab::dialect
