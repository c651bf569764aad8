#include "docs/text.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"
#include "schema/dsl_names.h"

namespace alab::docs {

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string ValueText(const schema::Value& v) {
  using Kind = schema::Value::Kind;
  switch (v.kind) {
    case Kind::kNull:
      return "null";
    case Kind::kString:
      return "'" + ReplaceAll(v.text, "'", "\\'") + "'";
    case Kind::kNumber:
    case Kind::kBool:
    case Kind::kJson:
      return v.text;
    case Kind::kSql: {
      if (v.SameSqlForEveryKey()) return "sql: " + v.FirstSqlText();
      std::vector<std::string> parts;
      for (const std::string& key : schema::SqlTextKeys())
        if (!v.SqlText(key).empty()) parts.push_back(key + ": " + v.SqlText(key));
      return "sql (" + Join(parts, "; ") + ")";
    }
  }
  return v.text;
}

std::string ExprText(const schema::Expr& e) {
  if (e.fn == schema::Fn::kCol) return e.column;
  if (e.fn == schema::Fn::kLit) return e.literal ? ValueText(*e.literal) : "null";
  std::vector<std::string> args;
  for (const auto& a : e.args) args.push_back(ExprText(a));
  return schema::FnName(e.fn) + ("(" + Join(args, ", ") + ")");
}

std::vector<std::string> ForeignKeyColumns(const schema::Table& t) {
  std::vector<std::string> out;
  for (const auto& fk : t.foreign_keys)
    for (const auto& c : fk.columns)
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  return out;
}

}  // namespace alab::docs
