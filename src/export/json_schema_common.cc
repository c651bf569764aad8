#include "export/json_schema_common.h"

#include <set>

namespace alab::exports {

namespace {

using nlohmann::ordered_json;
using schema::Column;
using schema::Table;
using schema::Type;

// Formats defined by JSON Schema 2020-12 (validators reject others in strict mode).
bool IsStandardFormat(const std::string& f) {
  static const std::set<std::string> k{
      "date-time", "date",          "time", "duration",     "email",        "idn-email",
      "hostname",  "idn-hostname",  "ipv4", "ipv6",         "uri",          "uri-reference",
      "iri",       "iri-reference", "uuid", "uri-template", "json-pointer", "relative-json-pointer",
      "regex"};
  return k.count(f) > 0;
}

// The JSON type name of a column's non-null values ("" = any JSON value).
const char* JsonType(Type t) {
  switch (t) {
    case Type::kInteger:
      return "integer";
    case Type::kFloat:
      return "number";
    case Type::kBoolean:
      return "boolean";
    case Type::kJson:
      return "";
    default:
      return "string";
  }
}

std::optional<ordered_json> DefaultJson(const Column& c) {
  if (!c.default_value) return std::nullopt;
  const auto& v = *c.default_value;
  switch (v.kind) {
    case schema::Value::Kind::kNull:
      return ordered_json(nullptr);
    case schema::Value::Kind::kString:
      return ordered_json(v.text);
    case schema::Value::Kind::kBool:
      return ordered_json(v.text == "true");
    case schema::Value::Kind::kNumber: {
      if (c.type == Type::kDecimal || c.type == Type::kBigint || c.type == Type::kString ||
          c.type == Type::kText)
        return ordered_json(v.text);
      auto parsed = ordered_json::parse(v.text, nullptr, false);
      if (parsed.is_discarded() || !parsed.is_number()) return std::nullopt;
      return parsed;
    }
    case schema::Value::Kind::kJson: {
      auto parsed = ordered_json::parse(v.text, nullptr, false);
      if (parsed.is_discarded()) return std::nullopt;
      return parsed;
    }
    case schema::Value::Kind::kSql:
      return std::nullopt;  // computed by the database
  }
  return std::nullopt;
}

ordered_json Number(double v) {
  if (v == static_cast<double>(static_cast<long long>(v)) && v > -9e15 && v < 9e15)
    return ordered_json(static_cast<long long>(v));
  return ordered_json(v);
}

}  // namespace

ordered_json ColumnSchema(const schema::Schema& s, const Table& t, const Column& c,
                          SchemaFlavor flavor) {
  bool oas = flavor == SchemaFlavor::kOpenApi;
  ordered_json j = ordered_json::object();
  std::string type = JsonType(c.type);
  if (!type.empty()) {
    if (c.nullable)
      j["type"] = ordered_json::array({type, "null"});
    else
      j["type"] = type;
  }
  // Format from the type, then the column's own (semantic) format.
  std::string format;
  switch (c.type) {
    case Type::kUuid:
      format = "uuid";
      break;
    case Type::kDate:
      format = "date";
      break;
    case Type::kDatetime:
      format = "date-time";
      break;
    case Type::kInteger:
      if (oas) format = "int32";
      break;
    case Type::kBigint:
      if (oas) format = "int64";
      break;  // OpenAPI's formats apply to any type
    case Type::kFloat:
      if (oas) format = "double";
      break;
    case Type::kDecimal:
      if (oas) format = "decimal";
      break;
    case Type::kString:
    case Type::kText:
    case Type::kNative:
    case Type::kBoolean:
    case Type::kTime:
    case Type::kJson:
    case Type::kBase64:
    case Type::kEnum:
      break;
  }
  if (!c.format.empty() && (oas || IsStandardFormat(c.format))) format = c.format;
  if (!format.empty()) j["format"] = format;
  if (c.type == Type::kBase64) j["contentEncoding"] = "base64";
  auto kinds = PolymorphicTypeValues(s, t, c);
  if (c.type == Type::kEnum || !kinds.empty()) {
    ordered_json values = ordered_json::array();
    for (const auto& v : c.type == Type::kEnum ? c.enum_values : kinds) values.push_back(v);
    if (c.nullable) values.push_back(nullptr);
    j["enum"] = values;
  }
  bool text = c.type == Type::kString || c.type == Type::kText;
  if (text) {
    std::optional<double> max_len;
    if (c.type == Type::kString && c.length > 0) max_len = c.length;
    if (c.max && (!max_len || *c.max < *max_len)) max_len = c.max;
    if (c.min) j["minLength"] = Number(*c.min);
    if (max_len) j["maxLength"] = Number(*max_len);
  }
  std::string pattern = c.pattern;
  if (pattern.empty() && c.type == Type::kTime) pattern = TimePattern();
  if (pattern.empty() && c.type == Type::kDecimal) pattern = DecimalPattern(c);
  if (pattern.empty() && c.type == Type::kDatetime) pattern = DatetimePattern();
  if (pattern.empty() && c.type == Type::kBase64) pattern = Base64Pattern();
  if (pattern.empty() && c.type == Type::kBigint) pattern = BigintPattern();
  if (!pattern.empty() && JsonType(c.type) == std::string("string")) j["pattern"] = pattern;
  if (c.type == Type::kInteger || c.type == Type::kFloat) {
    if (c.min) j["minimum"] = Number(*c.min);
    if (c.max) j["maximum"] = Number(*c.max);
  }
  if (c.type == Type::kInteger) {  // 32-bit on every dialect
    if (!c.min) j["minimum"] = -2147483648LL;
    if (!c.max) j["maximum"] = 2147483647LL;
  }
  if (auto d = DefaultJson(c)) j["default"] = *d;
  std::string description = c.docs;
  if (c.deprecated && !c.deprecated->empty())
    description += (description.empty() ? "" : " ") + std::string("Deprecated: ") + *c.deprecated;
  if (!description.empty()) j["description"] = description;
  if (c.deprecated) j["deprecated"] = true;
  if (c.read_only || c.primary_key || c.computed) j["readOnly"] = true;
  if (c.write_only) j["writeOnly"] = true;
  if (oas) {
    if (!c.semantic.empty()) j["x-alab-semantic"] = c.semantic;
    for (const auto& fk : t.foreign_keys)
      if (fk.columns.size() == 1 && fk.columns[0] == c.name && fk.ref_columns.size() == 1)
        j["x-alab-references"] = fk.ref_table + "." + fk.ref_columns[0];
  }
  return j;
}

ordered_json TableSchema(const schema::Schema& s, const Table& t, SchemaFlavor flavor) {
  bool oas = flavor == SchemaFlavor::kOpenApi;
  ordered_json j = ordered_json::object();
  j["type"] = "object";
  std::string description = "A row of " + t.SqlName() + " (" + t.Ref() + ").";
  if (!t.docs.empty()) description += " " + t.docs;
  if (t.deprecated && !t.deprecated->empty()) description += " Deprecated: " + *t.deprecated;
  j["description"] = description;
  if (t.deprecated) j["deprecated"] = true;
  ordered_json props = ordered_json::object();
  ordered_json required = ordered_json::array();
  for (const auto& c : t.columns) {
    props[c.name] = ColumnSchema(s, t, c, flavor);
    required.push_back(c.name);
  }
  j["properties"] = props;
  j["required"] = required;
  j["additionalProperties"] = false;
  if (oas) {
    j["x-alab-table"] = t.SqlName();
    if (!t.sort_by.empty()) j["x-alab-sort-by"] = t.sort_by;
    if (!t.searchable.empty()) j["x-alab-searchable"] = t.searchable;
    if (!t.filterable.empty()) j["x-alab-filterable"] = t.filterable;
    if (!t.polymorphic.empty()) {
      ordered_json poly = ordered_json::array();
      for (const auto& p : t.polymorphic)
        poly.push_back(ordered_json{{"as", p.as}, {"refs", p.refs}});
      j["x-alab-polymorphic"] = poly;
    }
    if (!t.meta.empty()) j["x-alab-meta"] = ordered_json::parse(t.meta.dump());
  }
  return j;
}

}  // namespace alab::exports
