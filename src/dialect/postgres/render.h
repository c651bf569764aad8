#pragma once
// The PostgreSQL renderer: operations -> SQL text. render.cc holds the SQL building blocks
// (quoting, literals, column definitions, CREATE TABLE/INDEX), render_ops.cc one Render
// overload per operation (native ALTERs; no rebuild is ever needed).
#include <memory>
#include <string>
#include <vector>

#include "dialect/dialect.h"
#include "dialect/sql_text.h"
#include "schema/ir.h"

namespace alab::dialect::postgres {

// The dialect's name, which is also the key of the sql({...}) and m.sql texts it reads.
inline constexpr char kName[] = "postgres";

// The PostgreSQL dialect (render_ops.cc; connecting and urls in urls.cc). A dialect speaking
// PostgreSQL's SQL and wire protocol subclasses it and overrides what differs (its name, the
// url scheme it claims, the connection it makes through OpenPostgres's `make`).
class PostgresDialect : public Dialect {
 public:
  std::string name() const override;
  Capabilities capabilities() const override;
  // PostgreSQL's sql({...}) texts, also for a subclass with another name.
  std::string sql_key() const override;
  const ValueCodec& value_codec() const override;
  ScriptSyntax script_syntax() const override;
  std::string QuoteIdent(const std::string& ident) const override;
  std::string QuoteString(const std::string& s) const override;
  std::string ColumnType(const schema::Column& c) const override;
  std::vector<std::string> TypeDefinitions(
      const std::vector<const schema::Table*>& tables) const override;
  bool CanRunInTransaction(const std::string& sql) const override;
  std::string UnfitRowsQuery(const std::string& table_sql, const std::vector<std::string>& key,
                             const schema::Column& from, const schema::Column& to) const override;

  // ---- rendering (render_ops.cc)
 protected:
  // Also refuses changing a column's primary-key flag (an ALTER alab does not write).
  Status CheckRenderable(const ops::Op& op, const schema::Schema& before) const override;
  Expected<std::vector<Statement>> RenderChecked(const ops::Op& op,
                                                 const schema::Schema& before) const override;
  std::vector<std::string> CreateTableChecked(const schema::Table& table) const override;

 public:
  // ---- reading a live database (inspect.cc)
  Expected<RawSchema> ReadCatalog(Connection& conn) const override;
  void MapColumnType(const RawColumn& raw, schema::Column& col) const override;
  bool SameStoredType(const schema::Column& expected, const schema::Column& actual) const override;
  // Before PostgreSQL 18 every generated column is stored.
  bool ReadsGeneratedStorage() const override { return false; }

  // ---- connecting and urls (urls.cc)
  // postgres:// or postgresql:// urls and libpq keyword/value strings.
  Expected<std::unique_ptr<Connection>> Connect(const std::string& url) const override;
  bool RecognizesUrl(const std::string& url) const override;
  std::string UrlForms() const override;
  std::string MalformedUrlHint(const std::string& scheme) const override;
};

std::unique_ptr<Dialect> MakePostgresDialect();

std::string QuoteIdent(const std::string& ident);
// A string literal that reads back the same whatever standard_conforming_strings and
// backslash_quote say: 'it''s', or E'a\\b' (backslashes doubled) when s holds a backslash.
// The dump writes its values with it too.
std::string EscapeStringLiteral(const std::string& s);
// The renderer's string literal: EscapeStringLiteral from render version 2; version 1 doubled
// quotes only ('a\b'), kept so that `check --determinism` recognises what it rendered.
std::string QuoteString(const std::string& s);

// A value as an SQL literal for column `c` (TRUE/FALSE; json as '...'::jsonb). kSql values
// use their PostgreSQL text, which Dialect::CheckRenderable made sure they have.
std::string Literal(const schema::Value& v, const schema::Column& c);
// "DEFAULT ..." or "" (uuid primary keys default to gen_random_uuid()).
std::string DefaultClause(const schema::Column& c);
// The SQL after SET DEFAULT, or "" when the column has no default.
std::string DefaultExpr(const schema::Column& c);
std::string RenderExpr(const schema::Expr& e);

std::string ColumnDefinition(const std::string& table_sql, const schema::Column& c);
std::string CreateTableStatement(const schema::Table& t);
inline std::string CreateIndexStatement(const std::string& table_sql, const schema::Index& i) {
  return dialect::CreateIndexStatement(table_sql, i, {"postgres", true});
}
inline std::vector<std::string> IndexStatements(const schema::Table& t) {
  return dialect::IndexStatements(t, {"postgres", true});
}
using dialect::UniqueColumnIndexName;
// CONSTRAINT "fk" FOREIGN KEY (...) REFERENCES ... ON DELETE ... ON UPDATE ...
using dialect::ForeignKeyClause;

}  // namespace alab::dialect::postgres
