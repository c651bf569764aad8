#pragma once
// The SQLite renderer: operations -> SQL text. render.cc holds the SQL building blocks
// (quoting, literals, column definitions, CREATE TABLE/INDEX), render_ops.cc one Render
// overload per operation, rebuild.cc the table rebuild for what SQLite cannot ALTER.
#include <memory>
#include <string>
#include <vector>

#include "dialect/dialect.h"
#include "dialect/sql_text.h"
#include "schema/ir.h"

namespace alab::dialect::sqlite {

// The dialect's name, which is also the key of the sql({...}) and m.sql texts it reads.
inline constexpr char kName[] = "sqlite";

std::unique_ptr<Dialect> MakeSqliteDialect();

// "a\"b" -> "\"a\"\"b\"" ; "it's" -> "'it''s'".
std::string QuoteIdent(const std::string& ident);
std::string QuoteString(const std::string& s);

// A value as an SQL literal for column `c` (booleans 1/0, json as text). kSql values use
// their SQLite text, which Dialect::CheckRenderable made sure they have.
std::string Literal(const schema::Value& v, const schema::Column& c);
// "DEFAULT ..." for the column, or "" (uuid primary keys default to a random v4 UUID).
std::string DefaultClause(const schema::Column& c);
// The random v4 UUID expression used as the default of uuid primary keys.
std::string UuidV4Expr();
// A generated column expression (fn.* tree).
std::string RenderExpr(const schema::Expr& e);

// `"name" TYPE [NOT NULL] [DEFAULT ...] [GENERATED ...] [CONSTRAINT ... CHECK (...)]`.
std::string ColumnDefinition(const std::string& table_sql, const schema::Column& c);
// CREATE TABLE "<sql_name>" with the table's shape (constraint names use t.SqlName()).
std::string CreateTableStatement(const schema::Table& t, const std::string& sql_name);
// Name of the unique index behind Column::unique.
inline std::string CreateIndexStatement(const std::string& table_sql, const schema::Index& i) {
  return dialect::CreateIndexStatement(table_sql, i, {"sqlite", false});
}
using dialect::UniqueColumnIndexName;
// Every index of the table: its indexes, then the unique-column indexes.
inline std::vector<std::string> IndexStatements(const schema::Table& t) {
  return dialect::IndexStatements(t, {"sqlite", false});
}

}  // namespace alab::dialect::sqlite
