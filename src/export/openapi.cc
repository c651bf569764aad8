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
  for (const auto* t : tables) schemas[names.Table(*t)] = TableSchema(*t, SchemaFlavor::kOpenApi);
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
  doc["description"] = "Row types by name; each table is one entry of $defs.";
  ordered_json defs = ordered_json::object();
  for (const auto* t : tables) defs[names.Table(*t)] = TableSchema(*t, SchemaFlavor::kJsonSchema);
  doc["$defs"] = defs;
  return {{"jsonschema/schema.json", doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n"}};
}

}  // namespace alab::exports
