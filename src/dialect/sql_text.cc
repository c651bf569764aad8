#include "dialect/sql_text.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/check.h"
#include "base/strings.h"
#include "dialect/dialect.h"

namespace alab::dialect {

std::string QuoteSqlIdent(const std::string& ident) {
  return "\"" + ReplaceAll(ident, "\"", "\"\"") + "\"";
}

std::string QuoteSqlString(const std::string& s) { return "'" + ReplaceAll(s, "'", "''") + "'"; }

bool LooksNumeric(const std::string& s) {
  if (s.empty()) return false;
  bool digit = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    if (ch >= '0' && ch <= '9') {
      digit = true;
    } else if (ch == '-' || ch == '+') {
      if (i != 0 && s[i - 1] != 'e' && s[i - 1] != 'E') return false;
    } else if (ch != '.' && ch != 'e' && ch != 'E') {
      return false;
    }
  }
  return digit;
}

std::string JsonText(const schema::Value& v) {
  switch (v.kind) {
    case schema::Value::Kind::kString:
      return nlohmann::json(v.text).dump();
    case schema::Value::Kind::kNull:
      return "null";
    default:
      return v.text;
  }
}

std::string ForeignKeyClause(const schema::ForeignKey& fk) {
  std::vector<std::string> cols, refs;
  for (const auto& n : fk.columns) cols.push_back(QuoteSqlIdent(n));
  for (const auto& n : fk.ref_columns) refs.push_back(QuoteSqlIdent(n));
  // A key that is not deferrable renders as it always has (no render version for it).
  return fmt::format(
      "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {}{}",
      QuoteSqlIdent(fk.name), Join(cols, ", "), QuoteSqlIdent(schema::SqlNameOfRef(fk.ref_table)),
      Join(refs, ", "), schema::FkActionSql(fk.on_delete), schema::FkActionSql(fk.on_update),
      fk.deferral == schema::FkDeferral::kNot
          ? ""
          : std::string(" ") + schema::FkDeferralSql(fk.deferral));
}

std::vector<const schema::Column*> ColumnsInTableOrder(const schema::Table& t) {
  if (RenderVersion() >= 4) return schema::DeclaredColumns(t);
  std::vector<const schema::Column*> out;
  for (const auto& c : t.columns) out.push_back(&c);
  return out;
}

std::vector<std::string> TableConstraintClauses(const schema::Table& t) {
  std::vector<std::string> lines;
  std::vector<std::string> pk;
  bool ordered = false;  // a key out of column order gives places; none existed before them
  for (const auto& c : t.columns) ordered = ordered || c.key_position != 0;
  if (ordered) {
    for (const std::string& name : t.PrimaryKey()) pk.push_back(QuoteSqlIdent(name));
  } else {
    for (const schema::Column* c : ColumnsInTableOrder(t))
      if (c->primary_key) pk.push_back(QuoteSqlIdent(c->name));
  }
  if (!pk.empty()) lines.push_back("PRIMARY KEY (" + Join(pk, ", ") + ")");
  for (const auto& fk : t.foreign_keys) lines.push_back(ForeignKeyClause(fk));
  for (const auto& chk : t.checks)
    lines.push_back(fmt::format("CONSTRAINT {} CHECK ({})", QuoteSqlIdent(chk.name), chk.expr));
  return lines;
}

std::string UniqueColumnIndexName(const std::string& table_sql, const std::string& column) {
  return schema::IndexName(table_sql, {column}, true);
}

std::string CreateIndexStatement(const std::string& table_sql, const schema::Index& i,
                                 const IndexSpelling& sp) {
  if (!i.native.empty()) {
    // Dialect::CheckRenderable refused a native index without this dialect's definition.
    ALAB_CHECK(i.native.count(sp.key) > 0);
    return fmt::format("CREATE {}INDEX {} ON {} {}", i.unique ? "UNIQUE " : "",
                       QuoteSqlIdent(i.name), QuoteSqlIdent(table_sql), i.native.at(sp.key));
  }
  std::vector<std::string> cols;
  for (const auto& n : i.columns) cols.push_back(QuoteSqlIdent(n));
  if (i.constraint && sp.constraints)
    return fmt::format("ALTER TABLE {} ADD CONSTRAINT {} UNIQUE ({})", QuoteSqlIdent(table_sql),
                       QuoteSqlIdent(i.name), Join(cols, ", "));
  std::string out = fmt::format("CREATE {}INDEX {} ON {} ({})", i.unique ? "UNIQUE " : "",
                                QuoteSqlIdent(i.name), QuoteSqlIdent(table_sql), Join(cols, ", "));
  if (!i.where.empty()) out += " WHERE " + i.where;
  return out;
}

std::vector<std::string> IndexStatements(const schema::Table& t, const IndexSpelling& sp) {
  std::vector<std::string> out;
  std::string table_sql = t.SqlName();
  for (const auto& i : t.indexes) out.push_back(CreateIndexStatement(table_sql, i, sp));
  for (const auto& c : t.columns) {
    if (!c.unique) continue;
    std::string name = UniqueColumnIndexName(table_sql, c.name);
    bool declared = false;
    for (const auto& i : t.indexes) declared = declared || i.name == name;
    if (!declared)
      out.push_back(CreateIndexStatement(
          table_sql, schema::Index{name, {c.name}, true, "", {}, false, {}}, sp));
  }
  return out;
}

std::string UnfitRowsSelect(const std::string& table_sql, const std::vector<std::string>& key,
                            const std::string& value, const std::string& where,
                            const SampleSpelling& sp) {
  auto spell = [](const char* pattern, const std::string& arg) {
    return fmt::format(fmt::runtime(pattern), arg);
  };
  std::vector<std::string> key_text, order;
  for (const auto& k : key) {
    key_text.push_back(QuoteSqlString(k) + " || ' ' || " + spell(sp.as_text, QuoteSqlIdent(k)));
    order.push_back(QuoteSqlIdent(k));
  }
  std::string text = spell(sp.as_text, value);
  std::string sample =
      fmt::format("{} || CASE WHEN {} > 40 THEN '... (' || {} || ' characters)' ELSE '' END",
                  spell(sp.quote_literal, spell(sp.left40, text)), spell(sp.length, text),
                  spell(sp.length, text));
  if (!key_text.empty()) sample = Join(key_text, " || ', ' || ") + " || ': ' || " + sample;
  return fmt::format(
      "SELECT (SELECT count(*) FROM {0} WHERE {1}), (SELECT {2} FROM {0} WHERE {1} ORDER BY {3} "
      "LIMIT 1)",
      QuoteSqlIdent(table_sql), where, sample,
      order.empty() ? sp.default_order : Join(order, ", "));
}

}  // namespace alab::dialect
