#include "dialect/postgres/types.h"

#include <cctype>

#include <fmt/format.h>

#include "base/check.h"
#include "base/strings.h"
#include "dialect/postgres/render.h"

namespace alab::dialect::postgres {

std::string SqlType(const schema::Column& c) {
  using schema::Type;
  switch (c.type) {
    case Type::kUuid:
      return "UUID";
    case Type::kString:
      return c.length > 0 ? fmt::format("VARCHAR({})", c.length) : "VARCHAR";
    case Type::kText:
      return "TEXT";
    case Type::kInteger:
      return "INTEGER";
    case Type::kBigint:
      return "BIGINT";
    case Type::kFloat:
      return "DOUBLE PRECISION";
    case Type::kDecimal:
      return c.precision > 0 ? fmt::format("NUMERIC({},{})", c.precision, c.scale) : "NUMERIC";
    case Type::kBoolean:
      return "BOOLEAN";
    case Type::kDate:
      return "DATE";
    case Type::kTime:
      return "TIME";
    case Type::kDatetime:
      return "TIMESTAMPTZ";
    case Type::kJson:
      return "JSONB";
    case Type::kBase64:
      return "BYTEA";
    case Type::kEnum:
      return c.enum_type.empty() ? "TEXT" : QuoteIdent(c.enum_type);
    case Type::kNative:
      // Dialect::CheckRenderable refused a native type without a PostgreSQL text.
      ALAB_CHECK(c.native.count("postgres") > 0);
      return c.native.at("postgres");
  }
  return "TEXT";
}

std::string ImplicitCheckName(const std::string& table_sql, const std::string& column,
                              CheckKind kind) {
  return schema::ShortenIdentifier("chk_" + table_sql + "_" + column +
                                   (kind == CheckKind::kEnum ? "_enum" : ""));
}

std::vector<ImplicitCheck> ColumnChecks(const std::string& table_sql, const schema::Column& c) {
  std::vector<ImplicitCheck> out;
  // A database enum type holds its values itself.
  if (c.type == schema::Type::kEnum && c.enum_type.empty()) {
    std::vector<std::string> vals;
    for (const auto& v : c.enum_values) vals.push_back(QuoteString(v));
    out.push_back({CheckKind::kEnum, ImplicitCheckName(table_sql, c.name, CheckKind::kEnum),
                   fmt::format("{} IN ({})", QuoteIdent(c.name), Join(vals, ", "))});
  }
  if (!c.check.empty())
    out.push_back(
        {CheckKind::kColumn, ImplicitCheckName(table_sql, c.name, CheckKind::kColumn), c.check});
  return out;
}

std::optional<schema::Column> ColumnFromSqlType(const std::string& type) {
  using schema::Type;
  std::string t = ToLower(Trim(type));
  std::vector<int> args;
  auto open = t.find('(');
  std::string base = Trim(t.substr(0, open));
  if (open != std::string::npos) {
    auto close = t.find(')', open);
    if (close == std::string::npos) return std::nullopt;
    for (const auto& part : Split(t.substr(open + 1, close - open - 1), ',')) {
      std::string p = Trim(part);
      if (p.empty() || p.size() > 9) return std::nullopt;
      for (char ch : p)
        if (!std::isdigit(static_cast<unsigned char>(ch))) return std::nullopt;
      args.push_back(std::stoi(p));
    }
    std::string rest = Trim(t.substr(close + 1));
    if (!rest.empty()) base += " " + rest;  // "time(3) without time zone"
  }
  schema::Column c;
  if (base == "uuid")
    c.type = Type::kUuid;
  else if (base == "varchar" || base == "character varying") {
    c.type = Type::kString;
    if (!args.empty()) c.length = args[0];
  } else if (base == "text")
    c.type = Type::kText;
  else if (base == "integer" || base == "int" || base == "int4")
    c.type = Type::kInteger;
  else if (base == "bigint" || base == "int8")
    c.type = Type::kBigint;
  else if (base == "double precision" || base == "float8")
    c.type = Type::kFloat;
  else if (base == "numeric" || base == "decimal") {
    c.type = Type::kDecimal;
    if (!args.empty()) c.precision = args[0];
    if (args.size() > 1) c.scale = args[1];
  } else if (base == "boolean" || base == "bool")
    c.type = Type::kBoolean;
  else if (base == "date")
    c.type = Type::kDate;
  else if (base == "time" || base == "time without time zone")
    c.type = Type::kTime;
  else if (base == "timestamptz" || base == "timestamp with time zone")
    c.type = Type::kDatetime;
  else if (base == "jsonb")
    c.type = Type::kJson;
  else if (base == "bytea")
    c.type = Type::kBase64;
  else
    return std::nullopt;
  return c;
}

namespace {

// Types whose values a cast through text reads (a native type's text is its value's).
bool IsTextual(schema::Type t) {
  using schema::Type;
  return t == Type::kText || t == Type::kString || t == Type::kEnum || t == Type::kUuid ||
         t == Type::kJson || t == Type::kNative;
}

bool IsNumeric(schema::Type t) {
  using schema::Type;
  return t == Type::kInteger || t == Type::kBigint || t == Type::kFloat || t == Type::kDecimal;
}

// `cond` (a format with {0} for the value as numeric) over v; false when v's text is not a
// number (no cast error in a CHECK or a count).
// Text casts to integer only when it spells one ('4.0'::integer fails): integer_only.
std::string NumericCond(const std::string& v, const schema::Column& from, const std::string& cond,
                        bool integer_only = false) {
  if (IsNumeric(from.type))
    return fmt::format("coalesce({}, false)",
                       fmt::format(fmt::runtime(cond), fmt::format("({})::numeric", v)));
  return fmt::format(
      "CASE WHEN ({0})::text ~ '^[[:space:]]*[-+]?{2}[[:space:]]*$' THEN {1} ELSE false END", v,
      fmt::format(fmt::runtime(cond), fmt::format("({})::text::numeric", v)),
      integer_only ? "[0-9]+" : "([0-9]+[.]?[0-9]*|[.][0-9]+)");
}

}  // namespace

std::string FitsExpr(const std::string& v, const schema::Column& from, const schema::Column& to) {
  using schema::Type;
  std::string fits;
  if (to.type == Type::kString && to.length > 0) {
    if (from.type == Type::kBase64) return "";
    fits = fmt::format("char_length(({})::text) <= {}", v, to.length);
  } else if (to.type == Type::kEnum) {
    if (!IsTextual(from.type)) return "";
    std::vector<std::string> vals;
    for (const auto& e : to.enum_values) vals.push_back(QuoteString(e));
    fits = fmt::format("({})::text IN ({})", v, Join(vals, ", "));
  } else if (to.type == Type::kDecimal && to.precision > 0) {
    if (!IsNumeric(from.type) && !IsTextual(from.type)) return "";
    fits = NumericCond(v, from,
                       fmt::format("round({{0}}, {}) = {{0}} AND abs({{0}}) < 1e{}", to.scale,
                                   to.precision - to.scale));
  } else if (to.type == Type::kInteger) {
    if (from.type == Type::kBoolean) return "";
    if (!IsNumeric(from.type) && !IsTextual(from.type)) return "";
    fits =
        NumericCond(v, from, "trunc({0}) = {0} AND {0} BETWEEN -2147483648 AND 2147483647", true);
  } else if (to.type == Type::kNative) {
    // A type alab knows nothing of: a value fits when the cast and the cast back give the same
    // value (char(3) would cut 'abcd', numeric(5,1) round 1.25, real change 0.1); json, which
    // has no equality, compares its text. A value the type cannot read fails the cast itself,
    // in the check, before anything changes.
    const std::string& type = to.native.at("postgres");
    if (from.type == Type::kJson)
      fits = fmt::format("({0})::text = (({0})::{1})::text", v, type);
    else
      fits = fmt::format("(({0})::{1})::{2} = ({0})", v, type, SqlType(from));
  } else if (to.type == Type::kBigint) {
    if (from.type == Type::kBoolean || from.type == Type::kInteger) return "";
    if (!IsNumeric(from.type) && !IsTextual(from.type)) return "";
    fits = NumericCond(
        v, from, "trunc({0}) = {0} AND {0} BETWEEN -9223372036854775808 AND 9223372036854775807",
        true);
  } else {
    return "";
  }
  return fmt::format("({}) IS NULL OR ({})", v, fits);
}

std::string TypeTag(const schema::Column& c) {
  std::string out;
  for (char ch : ToLower(SqlType(c))) {
    if (std::isalnum(static_cast<unsigned char>(ch)))
      out += ch;
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

}  // namespace alab::dialect::postgres
