// SQL building blocks for SQLite: quoting, literals, expressions, CREATE TABLE/INDEX.
#include "dialect/sqlite/render.h"

#include <fmt/format.h>

#include "base/check.h"
#include "base/strings.h"
#include "dialect/sql_text.h"
#include "dialect/sqlite/types.h"

namespace alab::dialect::sqlite {

std::string QuoteIdent(const std::string& ident) { return QuoteSqlIdent(ident); }
std::string QuoteString(const std::string& s) { return QuoteSqlString(s); }

namespace {

std::string Args(const std::vector<schema::Expr>& args, const std::string& sep) {
  std::vector<std::string> parts;
  for (const auto& a : args) parts.push_back(RenderExpr(a));
  return Join(parts, sep);
}

}  // namespace

std::string Literal(const schema::Value& v, const schema::Column& c) {
  using K = schema::Value::Kind;
  if (v.kind == K::kSql) {
    const std::string& text = v.SqlText(kName);
    // Dialect::CheckRenderable refused an sql() value without a text for this dialect.
    ALAB_CHECK(!text.empty());
    // CURRENT_TIMESTAMP stores "YYYY-MM-DD HH:MM:SS"; a datetime stores the wire format.
    if (RenderVersion() >= 3 && c.type == schema::Type::kDatetime && IsCurrentTimestampSql(text))
      return std::string("(") + IsoNowExpr() + ")";
    return "(" + text + ")";
  }
  if (c.type == schema::Type::kJson && v.kind != K::kNull) return QuoteString(JsonText(v));
  if (c.type == schema::Type::kBoolean && (v.kind == K::kNumber || v.kind == K::kString)) {
    std::string lower = ToLower(v.text);
    if (lower == "true" || lower == "1") return "1";
    if (lower == "false" || lower == "0") return "0";
  }
  switch (v.kind) {
    case K::kNull:
      return "NULL";
    case K::kString:
      return QuoteString(v.text);
    case K::kNumber:
      return LooksNumeric(v.text) ? v.text : QuoteString(v.text);
    case K::kBool:
      return v.text == "true" ? "1" : "0";
    case K::kJson:
      return QuoteString(v.text);
    case K::kSql:
      break;
  }
  return "NULL";
}

std::string UuidV4Expr() {
  return "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
         "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || "
         "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))";
}

std::string DefaultClause(const schema::Column& c) {
  if (c.computed) return "";
  if (c.default_value) return "DEFAULT " + Literal(*c.default_value, c);
  if (c.primary_key && c.type == schema::Type::kUuid) return "DEFAULT (" + UuidV4Expr() + ")";
  return "";
}

std::string RenderExpr(const schema::Expr& e) {
  using schema::Fn;
  switch (e.fn) {
    case Fn::kCol:
      return QuoteIdent(e.column);
    case Fn::kLit: {
      if (!e.literal) return "NULL";
      schema::Column text_col;
      return Literal(*e.literal, text_col);
    }
    case Fn::kConcat: {
      std::vector<std::string> parts;
      for (const auto& a : e.args) parts.push_back("coalesce(" + RenderExpr(a) + ", '')");
      return "(" + Join(parts, " || ") + ")";
    }
    case Fn::kAdd:
      return "(" + Args(e.args, " + ") + ")";
    case Fn::kSub:
      return "(" + Args(e.args, " - ") + ")";
    case Fn::kMul:
      return "(" + Args(e.args, " * ") + ")";
    case Fn::kDiv:
      return "(" + Args(e.args, " / ") + ")";
    case Fn::kUpper:
    case Fn::kLower:
    case Fn::kTrim:
    case Fn::kLength:
    case Fn::kAbs:
    case Fn::kRound:
    case Fn::kCoalesce:
    case Fn::kNullif:
      return std::string(schema::FnName(e.fn)) + "(" + Args(e.args, ", ") + ")";
  }
  ALAB_UNREACHABLE("a computed-column function without SQL");
}

std::string ColumnDefinition(const std::string& table_sql, const schema::Column& c) {
  const std::string type = SqlType(c);
  std::string out = type.empty() ? QuoteIdent(c.name) : QuoteIdent(c.name) + " " + type;
  if (!c.nullable) out += " NOT NULL";
  if (std::string d = DefaultClause(c); !d.empty()) out += " " + d;
  if (c.computed)
    out += fmt::format(" GENERATED ALWAYS AS ({}) {}", RenderExpr(c.computed->expr),
                       c.computed->stored ? "STORED" : "VIRTUAL");
  for (const auto& chk : ColumnChecks(table_sql, c))
    out += fmt::format(" CONSTRAINT {} CHECK ({})", QuoteIdent(chk.name), chk.expr);
  return out;
}

std::string CreateTableStatement(const schema::Table& t, const std::string& sql_name) {
  std::string table_sql = t.SqlName();
  std::vector<std::string> lines;
  // From render version 4 the one key column declared INTEGER, the rowid, is not declared NOT
  // NULL: the rowid is never NULL, and a table written by hand declares it without
  // (`id INTEGER PRIMARY KEY`), so a pulled table is recreated as it was.
  const auto pk = t.PrimaryKey();
  for (const schema::Column* c : ColumnsInTableOrder(t)) {
    schema::Column col = *c;
    if (RenderVersion() >= 4 && pk.size() == 1 && c->primary_key &&
        ToLower(SqlType(*c)) == "integer")
      col.nullable = true;
    lines.push_back(ColumnDefinition(table_sql, col));
  }
  for (auto& clause : TableConstraintClauses(t)) lines.push_back(std::move(clause));
  return fmt::format("CREATE TABLE {} (\n  {}\n)", QuoteIdent(sql_name), Join(lines, ",\n  "));
}

}  // namespace alab::dialect::sqlite
