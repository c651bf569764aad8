#include "data/value_sql.h"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "base/strings.h"
#include "dialect/postgres/render.h"
#include "dialect/sql_text.h"

namespace alab::data {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

Expected<std::string> FromHex(const std::string& hex) {
  if (hex.size() % 2 != 0) return MakeError("odd-length hex text from the database", ExitCode::kInternal);
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexDigit(hex[i]), lo = HexDigit(hex[i + 1]);
    if (hi < 0 || lo < 0) return MakeError("invalid hex text from the database", ExitCode::kInternal);
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

class SqliteCodec : public ValueCodec {
 public:
  std::vector<std::string> SessionSetup() const override { return {}; }
  // Checked at COMMIT instead: tables in a cycle and self-references load in any order.
  std::string DeferForeignKeys() const override { return "PRAGMA defer_foreign_keys = ON"; }
  bool DefersAllForeignKeys() const override { return true; }
  int FieldsPerColumn() const override { return 2; }
  std::vector<std::string> SelectExprs(const std::string& q) const override {
    // %!.17g: 17 significant digits identify every double; text and blobs as hex keep every byte.
    return {fmt::format("typeof({})", q),
            fmt::format("CASE typeof({0}) WHEN 'real' THEN printf('%!.17g', {0}) WHEN 'integer' THEN {0} "
                        "ELSE hex({0}) END",
                        q)};
  }
  std::string OrderExpr(const std::string& q) const override { return q; }
  Expected<std::string> Literal(const schema::Column& c, const std::optional<std::string>* f) const override {
    const std::string kind = f[0].value_or("null");
    if (kind == "null" || !f[1]) return std::string("NULL");
    const std::string& v = *f[1];
    if (kind == "integer") return v;
    // A decimal of an older (NUMERIC) column holds REALs: written as the text of its scale,
    // which a DECIMAL_TEXT column keeps (and its check accepts) digit for digit.
    if (kind == "real" && c.type == schema::Type::kDecimal && c.precision > 0 && std::isfinite(std::strtod(v.c_str(), nullptr)))
      return dialect::QuoteSqlString(fmt::format("{:.{}f}", std::strtod(v.c_str(), nullptr), c.scale));
    if (kind == "real") return RealLiteral(std::strtod(v.c_str(), nullptr));
    if (kind == "blob") return "X'" + v + "'";
    if (kind == "text") {
      if (v.find("00") != std::string::npos) {
        // A NUL byte (hex "00" at an even offset) cannot appear in a '...' literal.
        for (size_t i = 0; i + 1 < v.size(); i += 2)
          if (v[i] == '0' && v[i + 1] == '0') return "CAST(X'" + v + "' AS TEXT)";
      }
      auto bytes = FromHex(v);
      if (!bytes) return bytes.error();
      return dialect::QuoteSqlString(*bytes);
    }
    return MakeError(fmt::format("unknown SQLite storage class '{}'", kind), ExitCode::kInternal);
  }
  Expected<StoredValue> Stored(const schema::Column& c, const std::optional<std::string>* f) const override {
    (void)c;
    const std::string kind = f[0].value_or("null");
    if (kind == "null" || !f[1]) return StoredValue{};
    if (kind == "integer") return StoredValue{StoredValue::Kind::kInteger, *f[1]};
    if (kind == "real") return StoredValue{StoredValue::Kind::kReal, *f[1]};
    if (kind == "text" || kind == "blob") {
      auto bytes = FromHex(*f[1]);
      if (!bytes) return bytes.error();
      return StoredValue{kind == "text" ? StoredValue::Kind::kText : StoredValue::Kind::kBlob, std::move(*bytes)};
    }
    return MakeError(fmt::format("unknown SQLite storage class '{}'", kind), ExitCode::kInternal);
  }
};

class PostgresCodec : public ValueCodec {
 public:
  std::vector<std::string> SessionSetup() const override {
    return {"SET DateStyle = ISO", "SET IntervalStyle = postgres", "SET extra_float_digits = 3",
            "SET bytea_output = hex", "SET timezone = 'UTC'"};
  }
  // Only DEFERRABLE constraints are deferred; rows are ordered parents first instead.
  std::string DeferForeignKeys() const override { return "SET CONSTRAINTS ALL DEFERRED"; }
  bool DefersAllForeignKeys() const override { return false; }
  int FieldsPerColumn() const override { return 1; }
  std::vector<std::string> SelectExprs(const std::string& q) const override { return {q}; }
  // json has no ordering; its text (byte order) sorts every type deterministically.
  std::string OrderExpr(const std::string& q) const override { return fmt::format("{}::text COLLATE \"C\"", q); }
  Expected<std::string> Literal(const schema::Column& c, const std::optional<std::string>* f) const override {
    if (!f[0]) return std::string("NULL");
    const std::string& v = *f[0];
    switch (c.type) {
      case schema::Type::kInteger:
      case schema::Type::kBigint:
      case schema::Type::kFloat:
      case schema::Type::kDecimal:
        if (dialect::LooksNumeric(v)) return v;  // NaN, Infinity are quoted below
        break;
      case schema::Type::kBoolean:
        if (v == "t") return std::string("TRUE");
        if (v == "f") return std::string("FALSE");
        break;
      case schema::Type::kUuid:
      case schema::Type::kString:
      case schema::Type::kText:
      case schema::Type::kDate:
      case schema::Type::kTime:
      case schema::Type::kDatetime:
      case schema::Type::kJson:
      case schema::Type::kBase64:
      case schema::Type::kEnum:
        break;
    }
    return PostgresStringLiteral(v);
  }
  Expected<StoredValue> Stored(const schema::Column& c, const std::optional<std::string>* f) const override {
    using K = StoredValue::Kind;
    if (!f[0]) return StoredValue{};
    const std::string& v = *f[0];
    switch (c.type) {
      case schema::Type::kInteger:
      case schema::Type::kBigint:
        return StoredValue{K::kInteger, v};
      case schema::Type::kFloat:
        return StoredValue{K::kReal, v};
      case schema::Type::kBoolean:
        if (v == "t" || v == "f") return StoredValue{K::kInteger, v == "t" ? "1" : "0"};
        break;
      case schema::Type::kBase64:
        if (v.rfind("\\x", 0) == 0) {
          auto bytes = FromHex(v.substr(2));
          if (!bytes) return bytes.error();
          return StoredValue{K::kBlob, std::move(*bytes)};
        }
        break;
      case schema::Type::kUuid:
      case schema::Type::kString:
      case schema::Type::kText:
      case schema::Type::kDecimal:
      case schema::Type::kDate:
      case schema::Type::kTime:
      case schema::Type::kDatetime:
      case schema::Type::kJson:
      case schema::Type::kEnum:
        break;
    }
    return StoredValue{K::kText, v};
  }
};

}  // namespace

std::unique_ptr<ValueCodec> MakeValueCodec(const std::string& dialect) {
  if (dialect == "sqlite") return std::make_unique<SqliteCodec>();
  if (dialect == "postgres") return std::make_unique<PostgresCodec>();
  return nullptr;
}

std::string PostgresStringLiteral(const std::string& s) { return dialect::postgres::EscapeStringLiteral(s); }

std::string RealLiteral(double v) {
  if (std::isinf(v)) return v > 0 ? "9e999" : "-9e999";
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

}  // namespace alab::data
