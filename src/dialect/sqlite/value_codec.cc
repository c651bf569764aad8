#include "dialect/sqlite/value_codec.h"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "dialect/sql_text.h"

namespace alab::dialect::sqlite {
namespace {

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
            fmt::format(
                "CASE typeof({0}) WHEN 'real' THEN printf('%!.17g', {0}) WHEN 'integer' THEN {0} "
                "ELSE hex({0}) END",
                q)};
  }
  std::string OrderExpr(const std::string& q) const override { return q; }
  Expected<std::string> Literal(const schema::Column& c,
                                const std::optional<std::string>* f) const override {
    const std::string kind = f[0].value_or("null");
    if (kind == "null" || !f[1]) return std::string("NULL");
    const std::string& v = *f[1];
    if (kind == "integer") return v;
    // A decimal of an older (NUMERIC) column holds REALs: written as the text of its scale,
    // which a DECIMAL_TEXT column keeps (and its check accepts) digit for digit.
    if (kind == "real" && c.type == schema::Type::kDecimal && c.precision > 0 &&
        std::isfinite(std::strtod(v.c_str(), nullptr)))
      return QuoteSqlString(fmt::format("{:.{}f}", std::strtod(v.c_str(), nullptr), c.scale));
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
      return QuoteSqlString(*bytes);
    }
    return MakeError(fmt::format("unknown SQLite storage class '{}'", kind), ExitCode::kInternal);
  }
  Expected<StoredValue> Stored(const schema::Column& c,
                               const std::optional<std::string>* f) const override {
    (void)c;
    const std::string kind = f[0].value_or("null");
    if (kind == "null" || !f[1]) return StoredValue{};
    if (kind == "integer") return StoredValue{StoredValue::Kind::kInteger, *f[1]};
    if (kind == "real") return StoredValue{StoredValue::Kind::kReal, *f[1]};
    if (kind == "text" || kind == "blob") {
      auto bytes = FromHex(*f[1]);
      if (!bytes) return bytes.error();
      return StoredValue{kind == "text" ? StoredValue::Kind::kText : StoredValue::Kind::kBlob,
                         std::move(*bytes)};
    }
    return MakeError(fmt::format("unknown SQLite storage class '{}'", kind), ExitCode::kInternal);
  }
};

}  // namespace

const ValueCodec& SqliteValueCodec() {
  static const SqliteCodec codec;
  return codec;
}

ScriptSyntax SqliteScriptSyntax() {
  ScriptSyntax s;
  s.bracket_idents = s.trigger_bodies = true;
  return s;
}

std::string RealLiteral(double v) {
  if (std::isinf(v)) return v > 0 ? "9e999" : "-9e999";
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

}  // namespace alab::dialect::sqlite
