#include "dialect/postgres/value_codec.h"

#include <fmt/format.h>

#include "dialect/postgres/render.h"
#include "dialect/sql_text.h"

namespace alab::dialect::postgres {
namespace {

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
  std::string OrderExpr(const std::string& q) const override {
    return fmt::format("{}::text COLLATE \"C\"", q);
  }
  Expected<std::string> Literal(const schema::Column& c,
                                const std::optional<std::string>* f) const override {
    if (!f[0]) return std::string("NULL");
    const std::string& v = *f[0];
    switch (c.type) {
      case schema::Type::kInteger:
      case schema::Type::kBigint:
      case schema::Type::kFloat:
      case schema::Type::kDecimal:
        if (LooksNumeric(v)) return v;  // NaN, Infinity are quoted below
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
      case schema::Type::kNative:  // its text form, which the column's input function reads
        break;
    }
    return EscapeStringLiteral(v);
  }
  Expected<StoredValue> Stored(const schema::Column& c,
                               const std::optional<std::string>* f) const override {
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
      case schema::Type::kNative:
        break;
    }
    return StoredValue{K::kText, v};
  }
};

}  // namespace

const ValueCodec& PostgresValueCodec() {
  static const PostgresCodec codec;
  return codec;
}

ScriptSyntax PostgresScriptSyntax() {
  ScriptSyntax s;
  s.dollar_quotes = s.escape_strings = s.nested_comments = true;
  return s;
}

}  // namespace alab::dialect::postgres
