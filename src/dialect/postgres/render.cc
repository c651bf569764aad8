// SQL building blocks for PostgreSQL: quoting, literals, expressions, CREATE TABLE/INDEX.
#include "dialect/postgres/render.h"

#include <fmt/format.h>

#include "base/check.h"
#include "base/strings.h"
#include "dialect/postgres/types.h"
#include "dialect/sql_text.h"

namespace alab::dialect::postgres {

std::string QuoteIdent(const std::string& ident) { return QuoteSqlIdent(ident); }
std::string EscapeStringLiteral(const std::string& s) {
  if (s.find('\\') == std::string::npos) return QuoteSqlString(s);
  return "E'" + ReplaceAll(ReplaceAll(s, "\\", "\\\\"), "'", "''") + "'";
}

std::string QuoteString(const std::string& s) {
  // Render version 1 doubled quotes only: correct while standard_conforming_strings is on
  // (every alab connection sets it), injectable where it is off.
  return RenderVersion() >= 2 ? EscapeStringLiteral(s) : QuoteSqlString(s);
}

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
    return text;
  }
  if (c.type == schema::Type::kJson && v.kind != K::kNull)
    return QuoteString(JsonText(v)) + "::jsonb";
  if (c.type == schema::Type::kBoolean && (v.kind == K::kNumber || v.kind == K::kString)) {
    std::string lower = ToLower(v.text);
    if (lower == "true" || lower == "1") return "TRUE";
    if (lower == "false" || lower == "0") return "FALSE";
  }
  switch (v.kind) {
    case K::kNull:
      return "NULL";
    case K::kString:
      return QuoteString(v.text);
    case K::kNumber:
      return LooksNumeric(v.text) ? v.text : QuoteString(v.text);
    case K::kBool:
      return v.text == "true" ? "TRUE" : "FALSE";
    case K::kJson:
      return QuoteString(v.text);
    case K::kSql:
      break;
  }
  return "NULL";
}

std::string DefaultExpr(const schema::Column& c) {
  if (c.computed) return "";
  if (c.default_value) return Literal(*c.default_value, c);
  if (c.primary_key && c.type == schema::Type::kUuid) return "gen_random_uuid()";
  return "";
}

std::string DefaultClause(const schema::Column& c) {
  std::string e = DefaultExpr(c);
  return e.empty() ? "" : "DEFAULT " + e;
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
      // concat() is not immutable, so generated columns use || with NULLs as ''.
      std::vector<std::string> parts;
      for (const auto& a : e.args) parts.push_back("coalesce((" + RenderExpr(a) + ")::text, '')");
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
    case Fn::kRound:
      if (e.args.size() == 2)
        return fmt::format("round(({})::numeric, {})", RenderExpr(e.args[0]),
                           RenderExpr(e.args[1]));
      return std::string("round(") + Args(e.args, ", ") + ")";
    case Fn::kUpper:
    case Fn::kLower:
    case Fn::kTrim:
    case Fn::kLength:
    case Fn::kAbs:
    case Fn::kCoalesce:
    case Fn::kNullif:
      return std::string(schema::FnName(e.fn)) + "(" + Args(e.args, ", ") + ")";
  }
  ALAB_UNREACHABLE("a computed-column function without SQL");
}

std::string ColumnDefinition(const std::string& table_sql, const schema::Column& c) {
  std::string out = QuoteIdent(c.name) + " " + SqlType(c);
  if (!c.nullable) out += " NOT NULL";
  if (std::string d = DefaultClause(c); !d.empty()) out += " " + d;
  // PostgreSQL (before 18) has only stored generated columns: .virtual() renders stored.
  if (c.computed)
    out += fmt::format(" GENERATED ALWAYS AS ({}) STORED", RenderExpr(c.computed->expr));
  for (const auto& chk : ColumnChecks(table_sql, c))
    out += fmt::format(" CONSTRAINT {} CHECK ({})", QuoteIdent(chk.name), chk.expr);
  return out;
}

std::string CreateTableStatement(const schema::Table& t) {
  std::string table_sql = t.SqlName();
  std::vector<std::string> lines;
  for (const schema::Column* c : ColumnsInTableOrder(t))
    lines.push_back(ColumnDefinition(table_sql, *c));
  for (auto& clause : TableConstraintClauses(t)) lines.push_back(std::move(clause));
  return fmt::format("CREATE TABLE {} (\n  {}\n)", QuoteIdent(table_sql), Join(lines, ",\n  "));
}

}  // namespace alab::dialect::postgres
