// OpenAPI 3.1 (JSON): components.schemas, one schema per table, with the columns' constraints
// and metadata, and x-alab-* extensions for sort/search/filter hints and table meta.
#include "export/export.h"
#include "export/json_schema_common.h"
#include "export/naming.h"

namespace alab::exports {

Files ExportOpenApi(const schema::Schema& schema, const Options&) {
  using nlohmann::ordered_json;
  TypeNames names(schema);
  auto tables = AllTables(schema);
  ordered_json doc = ordered_json::object();
  doc["openapi"] = "3.1.0";
  doc["info"] = ordered_json{{"title", "Database schema"},
                             {"version", "1.0.0"},
                             {"description", HeaderSentence(tables)}};
  doc["paths"] = ordered_json::object();
  ordered_json schemas = ordered_json::object();
  for (const auto* t : tables) schemas[names.Table(*t)] = TableSchema(schema, *t, SchemaFlavor::kOpenApi);
  doc["components"] = ordered_json{{"schemas", schemas}};
  return {{"openapi/openapi.json", doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n"}};
}

Files ExportJsonSchema(const schema::Schema& schema, const Options&) {
  using nlohmann::ordered_json;
  TypeNames names(schema);
  auto tables = AllTables(schema);
  ordered_json doc = ordered_json::object();
  doc["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  doc["$comment"] = HeaderSentence(tables);
  doc["title"] = "Database schema";
  doc["description"] =
      "A database as JSON: each table, by its SQL name, holds a list of rows. Each row type, and each enum, "
      "is one entry of $defs.";
  // The root is the whole database, so `quicktype -s schema schema.json` generates every
  // table's type; enums are named entries of $defs (TypeNames::Enum, the name every export
  // gives them), so generated code does not name them by collision.
  doc["type"] = "object";
  ordered_json props = ordered_json::object();
  for (const auto* t : tables) {
    props[t->SqlName()] = ordered_json{{"type", "array"}, {"items", {{"$ref", "#/$defs/" + names.Table(*t)}}}};
  }
  doc["properties"] = props;
  doc["additionalProperties"] = false;
  ordered_json defs = ordered_json::object();
  ordered_json enums = ordered_json::object();
  for (const auto* t : tables) {
    ordered_json row = TableSchema(schema, *t, SchemaFlavor::kJsonSchema);
    for (const auto& c : t->columns) {
      if (c.type != schema::Type::kEnum || !row["properties"].contains(c.name)) continue;
      const std::string& name = names.Enum(*t, c);
      enums[name] = ordered_json{{"title", name}, {"type", "string"}, {"enum", c.enum_values}};
      ordered_json& p = row["properties"][c.name];
      ordered_json ref = {{"$ref", "#/$defs/" + name}};
      p.erase("type");
      p.erase("enum");
      if (c.nullable) {
        p["anyOf"] = ordered_json::array({ref, {{"type", "null"}}});
      } else {
        p["$ref"] = ref["$ref"];
      }
    }
    // The title names the type in generated code (quicktype), not the property holding it.
    ordered_json titled = ordered_json{{"title", names.Table(*t)}};
    titled.update(row);
    defs[names.Table(*t)] = std::move(titled);
  }
  for (auto& [k, v] : enums.items()) defs[k] = v;
  doc["$defs"] = defs;
  return {{"jsonschema/schema.json", doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n"}};
}

}  // namespace alab::exports
