#include "dialect/sqlite/types.h"

#include <cctype>

#include <fmt/format.h>

#include "base/check.h"
#include "base/strings.h"
#include "dialect/sqlite/render.h"

namespace alab::dialect::sqlite {

std::string SqlType(const schema::Column& c) {
  using schema::Type;
  switch (c.type) {
    case Type::kUuid:
      return "TEXT";
    case Type::kString:
      return c.length > 0 ? fmt::format("VARCHAR({})", c.length) : "VARCHAR";
    case Type::kText:
      return "TEXT";
    case Type::kInteger:
      return "INTEGER";
    case Type::kBigint:
      // INTEGER affinity (the name contains "INT"), 64-bit like every SQLite integer; the
      // name is what tells the inspector bigint() from integer().
      return "BIGINT";
    case Type::kFloat:
      return "REAL";
    case Type::kDecimal:
      // TEXT affinity (the name contains "TEXT"): digits are stored as written, never as a
      // REAL (see ARCHITECTURE.md, "SQLite decimals").
      if (RenderVersion() >= 2)
        return c.precision > 0 ? fmt::format("DECIMAL_TEXT({},{})", c.precision, c.scale)
                               : "DECIMAL_TEXT";
      return c.precision > 0 ? fmt::format("NUMERIC({},{})", c.precision, c.scale) : "NUMERIC";
    case Type::kBoolean:
      return "BOOLEAN";
    case Type::kDate:
      return "DATE";
    case Type::kTime:
      return "TIME";
    case Type::kDatetime:
      return "DATETIME";
    case Type::kJson:
      return "TEXT";
    case Type::kBase64:
      return "BLOB";
    case Type::kEnum:
      return "TEXT";
    case Type::kNative:
      // Dialect::CheckRenderable refused a native type without a SQLite text; "" declares
      // a column without a type.
      ALAB_CHECK(c.native.count("sqlite") > 0);
      return c.native.at("sqlite");
  }
  return "TEXT";
}

std::string ImplicitCheckName(const std::string& table_sql, const std::string& column,
                              CheckKind kind) {
  const char* suffix = kind == CheckKind::kEnum   ? "_enum"
                       : kind == CheckKind::kBool ? "_bool"
                       : kind == CheckKind::kJson ? "_json"
                       : kind == CheckKind::kType ? "_type"
                                                  : "";
  return schema::ShortenIdentifier("chk_" + table_sql + "_" + column + suffix);
}

std::vector<ImplicitCheck> ColumnChecks(const std::string& table_sql, const schema::Column& c) {
  std::vector<ImplicitCheck> out;
  std::string col = QuoteIdent(c.name);
  if (c.type == schema::Type::kEnum) {
    std::vector<std::string> vals;
    for (const auto& v : c.enum_values) vals.push_back(QuoteString(v));
    out.push_back({CheckKind::kEnum, ImplicitCheckName(table_sql, c.name, CheckKind::kEnum),
                   fmt::format("{} IN ({})", col, Join(vals, ", "))});
  } else if (c.type == schema::Type::kBoolean) {
    out.push_back({CheckKind::kBool, ImplicitCheckName(table_sql, c.name, CheckKind::kBool),
                   fmt::format("{} IN (0, 1)", col)});
  } else if (c.type == schema::Type::kJson) {
    out.push_back({CheckKind::kJson, ImplicitCheckName(table_sql, c.name, CheckKind::kJson),
                   fmt::format("{} IS NULL OR json_valid({})", col, col)});
  }
  if (RenderVersion() >= 2)
    if (auto t = TypeCheck(table_sql, c)) out.push_back(std::move(*t));
  if (!c.check.empty())
    out.push_back(
        {CheckKind::kColumn, ImplicitCheckName(table_sql, c.name, CheckKind::kColumn), c.check});
  return out;
}

std::optional<ImplicitCheck> TypeCheck(const std::string& table_sql, const schema::Column& c) {
  using schema::Type;
  if (c.primary_key || c.computed) return std::nullopt;
  std::string col = QuoteIdent(c.name);
  std::string expr;
  if (c.type == Type::kInteger || c.type == Type::kBigint)
    expr = fmt::format("typeof({}) IN ('integer', 'null')", col);
  else if (c.type == Type::kFloat)
    expr = fmt::format("typeof({}) IN ('real', 'null')", col);
  else if (c.type == Type::kDecimal)
    expr = DecimalTextCheck(col, c.precision, c.scale);
  else
    return std::nullopt;
  return ImplicitCheck{CheckKind::kType, ImplicitCheckName(table_sql, c.name, CheckKind::kType),
                       expr};
}

std::string DecimalTextCheck(const std::string& v, int precision, int scale) {
  std::string out = fmt::format(
      "{0} IS NULL OR (typeof({0}) = 'text' AND {0} GLOB '*[0-9]*' AND {0} NOT GLOB '*[^0-9.-]*' "
      "AND "
      "{0} NOT GLOB '?*-*' AND {0} NOT GLOB '*.*.*'",
      v);
  if (precision > 0)
    out += fmt::format(
        " AND length(ltrim(substr({0}, 1, instr({0} || '.', '.') - 1), '-0')) <= {1} AND "
        "length(rtrim(substr({0}, instr({0} || '.', '.') + 1), '0')) <= {2}",
        v, precision - scale, scale);
  return out + ")";
}

namespace {

constexpr const char* kIntMin = "-2147483648";
constexpr const char* kIntMax = "2147483647";

bool IsTextual(schema::Type t) {
  using schema::Type;
  return t == Type::kText || t == Type::kString || t == Type::kEnum || t == Type::kUuid ||
         t == Type::kJson;
}

}  // namespace

std::string UnfitCondition(const std::string& v, const schema::Column& from,
                           const schema::Column& to) {
  using schema::Type;
  std::string fits;
  if (to.type == Type::kString && to.length > 0) {
    if (from.type == Type::kBase64) return "";
    fits = fmt::format("length(CAST({} AS TEXT)) <= {}", v, to.length);
  } else if (to.type == Type::kEnum) {
    if (!IsTextual(from.type)) return "";
    std::vector<std::string> vals;
    for (const auto& e : to.enum_values) vals.push_back(QuoteString(e));
    fits = fmt::format("CAST({} AS TEXT) IN ({})", v, Join(vals, ", "));
  } else if (to.type == Type::kDecimal) {
    // What the rebuild stores: the text of the value (a REAL of an old decimal printed with
    // its scale, as the copy does), which the new table's check must accept.
    std::string stored = from.type == Type::kDecimal && from.precision > 0
                             ? fmt::format(
                                   "CASE WHEN typeof({0}) = 'real' THEN printf('%.{1}f', {0}) ELSE "
                                   "CAST({0} AS TEXT) END",
                                   v, from.scale)
                             : fmt::format("CAST({} AS TEXT)", v);
    fits = DecimalTextCheck("(" + stored + ")", to.precision, to.scale);
  } else if (to.type == Type::kInteger) {
    if (from.type == Type::kBoolean) return "";
    // INTEGER affinity keeps an integer, and turns a REAL or a number's text into an integer
    // only when that is exact; anything else stays as it is and fails the type check.
    fits = fmt::format(
        "CASE typeof({0}) WHEN 'integer' THEN {0} BETWEEN {1} AND {2} "
        "WHEN 'real' THEN {0} = CAST({0} AS INTEGER) AND {0} BETWEEN {1} AND {2} "
        "WHEN 'text' THEN CAST(CAST({0} AS INTEGER) AS TEXT) = trim({0}) AND CAST({0} AS INTEGER) "
        "BETWEEN {1} AND {2} "
        "ELSE 0 END",
        v, kIntMin, kIntMax);
  } else if (to.type == Type::kBigint) {
    if (from.type == Type::kBoolean || from.type == Type::kInteger) return "";
    // As for integer() without the 32-bit range: SQLite's integers are 64-bit, and a REAL or
    // a number's text beyond them does not convert exactly.
    fits =
        "CASE typeof({0}) WHEN 'integer' THEN 1 "
        "WHEN 'real' THEN {0} = CAST({0} AS INTEGER) "
        "WHEN 'text' THEN CAST(CAST({0} AS INTEGER) AS TEXT) = trim({0}) "
        "ELSE 0 END";
    fits = fmt::format(fmt::runtime(fits), v);
  } else {
    return "";
  }
  return fmt::format("{} IS NOT NULL AND NOT coalesce({}, 0)", v, fits);
}

std::string StoredFitsExpr(const std::string& v, const schema::Column& to) {
  using schema::Type;
  if (to.type == Type::kString && to.length > 0)
    return fmt::format("length({}) <= {}", v, to.length);
  if (to.type == Type::kInteger)
    return fmt::format("typeof({0}) <> 'integer' OR {0} BETWEEN {1} AND {2}", v, kIntMin, kIntMax);
  return "";
}

const char* IsoNowExpr() { return "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"; }

namespace {
// Without the spaces outside string literals and the parentheses around the whole.
std::string Compact(const std::string& sql) {
  std::string out;
  bool quoted = false;
  for (char ch : sql) {
    if (ch == '\'') quoted = !quoted;
    if (!quoted && std::isspace(static_cast<unsigned char>(ch))) continue;
    out += ch;
  }
  while (out.size() >= 2 && out.front() == '(' && out.back() == ')')
    out = out.substr(1, out.size() - 2);
  return out;
}
}  // namespace

bool IsCurrentTimestampSql(const std::string& sql) {
  return ToLower(Compact(sql)) == "current_timestamp";
}

bool IsIsoNowSql(const std::string& sql) {
  std::string c = Compact(sql);
  static const std::string kIso = Compact(IsoNowExpr());
  return c.size() == kIso.size() && ToLower(c.substr(0, 9)) == "strftime(" &&
         c.substr(9) == kIso.substr(9);
}

namespace {
// "NUMERIC(10,2)" -> base "NUMERIC", args {10, 2}.
bool SplitType(const std::string& declared, std::string& base, std::vector<int>& args) {
  std::string d = Trim(declared);
  auto open = d.find('(');
  base = ToLower(Trim(d.substr(0, open)));
  if (open == std::string::npos) return true;
  auto close = d.find(')', open);
  if (close == std::string::npos) return false;
  for (const auto& part : Split(d.substr(open + 1, close - open - 1), ',')) {
    std::string p = Trim(part);
    if (p.empty() || p.size() > 9) return false;
    for (char ch : p)
      if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
    args.push_back(std::stoi(p));
  }
  return true;
}
}  // namespace

std::optional<schema::Column> ColumnFromSqlType(const std::string& declared) {
  using schema::Type;
  std::string base;
  std::vector<int> args;
  if (!SplitType(declared, base, args)) return std::nullopt;
  schema::Column c;
  if (base == "varchar" || base == "character varying") {
    c.type = Type::kString;
    if (!args.empty()) c.length = args[0];
  } else if (base == "text") {
    c.type = Type::kText;
  } else if (base == "integer" || base == "int") {
    c.type = Type::kInteger;
  } else if (base == "bigint") {
    c.type = Type::kBigint;
  } else if (base == "real") {
    c.type = Type::kFloat;
  } else if (base == "numeric" || base == "decimal" || base == "decimal_text") {
    c.type = Type::kDecimal;
    if (!args.empty()) c.precision = args[0];
    if (args.size() > 1) c.scale = args[1];
  } else if (base == "boolean") {
    c.type = Type::kBoolean;
  } else if (base == "date") {
    c.type = Type::kDate;
  } else if (base == "time") {
    c.type = Type::kTime;
  } else if (base == "datetime") {
    c.type = Type::kDatetime;
  } else if (base == "blob") {
    c.type = Type::kBase64;
  } else {
    return std::nullopt;
  }
  return c;
}

std::optional<std::vector<std::string>> ParseEnumCheck(const std::string& expr) {
  auto in = expr.find(" IN (");
  if (in == std::string::npos || expr.empty() || expr.back() != ')') return std::nullopt;
  std::vector<std::string> out;
  size_t i = in + 5;
  while (i < expr.size() - 1) {
    while (i < expr.size() && (expr[i] == ' ' || expr[i] == ',')) ++i;
    if (i >= expr.size() - 1) break;
    if (expr[i] != '\'') return std::nullopt;
    std::string v;
    ++i;
    for (;; ++i) {
      if (i >= expr.size()) return std::nullopt;
      if (expr[i] == '\'') {
        if (i + 1 < expr.size() && expr[i + 1] == '\'') {
          v += '\'';
          ++i;
          continue;
        }
        ++i;
        break;
      }
      v += expr[i];
    }
    out.push_back(v);
  }
  return out;
}

}  // namespace alab::dialect::sqlite
