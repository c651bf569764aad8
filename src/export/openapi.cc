// OpenAPI 3.1 or 3.0.3 (JSON): components.schemas, one row schema and one insert schema per
// table, with the columns' constraints and metadata, and x-alab-* extensions for
// sort/search/filter hints and table meta; servers from alab.yaml; list, get-by-key and create
// paths per table (Options::openapi_paths). Also the JSON Schema 2020-12 export.
#include <map>
#include <set>

#include "export/export.h"
#include "export/json_schema_common.h"
#include "export/naming.h"

namespace alab::exports {

namespace {

using nlohmann::ordered_json;

// A 3.1 schema object rewritten for OpenAPI 3.0.3: a type array with "null" becomes the type
// and `nullable: true`, `contentEncoding: base64` becomes `format: byte`. The exporter writes
// no other 3.1-only keyword (no const, examples, $schema, prefixItems or numeric exclusive bounds).
void ToOas30(ordered_json& j) {
  if (!j.is_object()) return;
  if (j.contains("type") && j["type"].is_array()) {
    ordered_json types = ordered_json::array();
    for (const auto& t : j["type"])
      if (t != "null") types.push_back(t);
    bool nullable = types.size() < j["type"].size();
    j["type"] = types.size() == 1 ? types[0] : types;
    if (nullable) {
      // Placed after type, so the document reads `type: string, nullable: true, format: ...`.
      ordered_json out = ordered_json::object();
      for (auto& [k, v] : j.items()) {
        out[k] = v;
        if (k == "type") out["nullable"] = true;
      }
      j = std::move(out);
    }
  }
  if (j.contains("contentEncoding")) {
    if (j["contentEncoding"] == "base64") j["format"] = "byte";
    j.erase("contentEncoding");
  }
  for (const char* key : {"properties"})
    if (j.contains(key))
      for (auto& [k, v] : j[key].items()) ToOas30(v);
  for (const char* key : {"items", "additionalProperties"})
    if (j.contains(key)) ToOas30(j[key]);
  for (const char* key : {"anyOf", "oneOf", "allOf"})
    if (j.contains(key))
      for (auto& v : j[key]) ToOas30(v);
}

// The values an insert takes: every column but the computed ones, required unless the
// database fills it in (InsertOptional); what the database writes is not readOnly here.
ordered_json InsertSchema(const schema::Schema& s, const schema::Table& t) {
  ordered_json j = ordered_json::object();
  j["type"] = "object";
  j["description"] =
      "The values to insert into " + t.SqlName() + " (" + t.Ref() +
      "); columns the database fills in (generated keys, defaults, nullable columns) are optional.";
  ordered_json props = ordered_json::object();
  ordered_json required = ordered_json::array();
  for (const auto& c : t.columns) {
    if (c.computed) continue;
    ordered_json p = ColumnSchema(s, t, c, SchemaFlavor::kOpenApi);
    p.erase("readOnly");
    props[c.name] = std::move(p);
    if (!InsertOptional(c)) required.push_back(c.name);
  }
  j["properties"] = props;
  if (!required.empty()) j["required"] = required;
  j["additionalProperties"] = false;
  return j;
}

ordered_json JsonContent(ordered_json schema) {
  return ordered_json{{"application/json", {{"schema", std::move(schema)}}}};
}

ordered_json Ref(const std::string& name) {
  return ordered_json{{"$ref", "#/components/schemas/" + name}};
}

std::string NamespaceOf(const schema::Table& t) { return t.ns.empty() ? "default" : t.ns; }

// GET /<ns>/<table> (list), GET /<ns>/<table>/{key} (a single-column primary key only) and
// POST /<ns>/<table> (the insert shape in, the row out), tagged with the table's SQL name.
void AddPaths(const schema::Schema& s, const schema::Table& t, const std::string& type,
              const std::string& insert, ordered_json& paths) {
  std::string base = "/" + (t.ns.empty() ? t.name : t.ns + "/" + t.name);
  std::string tag = t.SqlName();
  ordered_json collection = ordered_json::object();
  collection["get"] =
      ordered_json{{"tags", {tag}},
                   {"summary", "List " + t.SqlName() + " rows"},
                   {"operationId", "list" + type},
                   {"responses",
                    {{"200",
                      {{"description", "The rows of " + t.SqlName() + "."},
                       {"content", JsonContent({{"type", "array"}, {"items", Ref(type)}})}}},
                     {"400", {{"description", "The request is not valid."}}}}}};
  collection["post"] = ordered_json{
      {"tags", {tag}},
      {"summary", "Insert one " + t.SqlName() + " row"},
      {"operationId", "create" + type},
      {"requestBody", {{"required", true}, {"content", JsonContent(Ref(insert))}}},
      {"responses",
       {{"201",
         {{"description", "The inserted row, with the values the database filled in."},
          {"content", JsonContent(Ref(type))}}},
        {"400", {{"description", "The values are not valid for " + t.SqlName() + "."}}}}}};
  paths[base] = std::move(collection);
  auto pk = t.PrimaryKey();
  if (pk.size() != 1) return;
  const schema::Column* key = t.FindColumn(pk[0]);
  if (key == nullptr) return;
  ordered_json param_schema = ColumnSchema(s, t, *key, SchemaFlavor::kOpenApi);
  for (const char* k : {"readOnly", "writeOnly", "default", "description", "deprecated",
                        "x-alab-semantic", "x-alab-references"})
    param_schema.erase(k);
  ordered_json item = ordered_json::object();
  item["get"] = ordered_json{
      {"tags", {tag}},
      {"summary", "Get one " + t.SqlName() + " row by " + key->name},
      {"operationId", "get" + type},
      {"parameters",
       {{{"name", key->name},
         {"in", "path"},
         {"required", true},
         {"schema", std::move(param_schema)}}}},
      {"responses",
       {{"200", {{"description", "The row."}, {"content", JsonContent(Ref(type))}}},
        {"404", {{"description", "No " + t.SqlName() + " row has this " + key->name + "."}}}}}};
  paths[base + "/{" + key->name + "}"] = std::move(item);
}

}  // namespace

Files ExportOpenApi(const schema::Schema& schema, const Options& options) {
  const bool v30 = options.openapi_version == "3.0";
  TypeNames names(schema);
  auto tables = AllTables(schema);
  ordered_json doc = ordered_json::object();
  doc["openapi"] = v30 ? "3.0.3" : "3.1.0";
  doc["info"] = ordered_json{
      {"title", "Database schema"}, {"version", "1.0.0"}, {"description", HeaderSentence(tables)}};
  ordered_json servers = ordered_json::array();
  for (const auto& srv : options.openapi_servers) {
    ordered_json one = {{"url", srv.url}};
    if (!srv.description.empty()) one["description"] = srv.description;
    servers.push_back(std::move(one));
  }
  if (servers.empty()) servers.push_back({{"url", "/"}});
  doc["servers"] = servers;
  // The schema says nothing about authentication: an explicit empty requirement (none
  // declared), which the API's own document replaces.
  if (options.openapi_paths) doc["security"] = ordered_json::array();
  ordered_json paths = ordered_json::object();
  ordered_json schemas = ordered_json::object();
  std::set<std::string> used;
  for (const auto* t : tables) used.insert(names.Table(*t));
  std::map<std::string, std::string> insert_names;  // table ref -> insert schema name
  for (const auto* t : tables) insert_names[t->Ref()] = Unique(names.Table(*t) + "Insert", used);
  if (options.openapi_paths) {
    // One tag per table (a section of the rendered docs), grouped by namespace (x-tagGroups,
    // the extension Redoc reads), so every table has its own heading in the docs.
    ordered_json tag_list = ordered_json::array();
    std::map<std::string, ordered_json> groups;
    for (const auto* t : tables) {
      std::string description = "The " + t->SqlName() + " table (" + t->Ref() + ").";
      if (!t->docs.empty()) description += " " + t->docs;
      tag_list.push_back({{"name", t->SqlName()}, {"description", description}});
      groups[NamespaceOf(*t)].push_back(t->SqlName());
    }
    doc["tags"] = tag_list;
    ordered_json tag_groups = ordered_json::array();
    for (auto& [ns, group_tags] : groups)
      tag_groups.push_back({{"name", ns}, {"tags", group_tags}});
    doc["x-tagGroups"] = tag_groups;
    for (const auto* t : tables)
      AddPaths(schema, *t, names.Table(*t), insert_names[t->Ref()], paths);
  }
  doc["paths"] = paths;
  for (const auto* t : tables) {
    schemas[names.Table(*t)] = TableSchema(schema, *t, SchemaFlavor::kOpenApi);
    schemas[insert_names[t->Ref()]] = InsertSchema(schema, *t);
  }
  if (v30) {
    for (auto& [k, v] : schemas.items()) ToOas30(v);
    for (auto& [p, item] : paths.items())
      for (auto& [m, op] : item.items())
        if (op.contains("parameters"))
          for (auto& param : op["parameters"]) ToOas30(param["schema"]);
    doc["paths"] = paths;
  }
  doc["components"] = ordered_json{{"schemas", schemas}};
  return {{"openapi/openapi.json",
           doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n"}};
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
      "A database as JSON: each table, by its SQL name, holds a list of rows. Each row type, and "
      "each enum, "
      "is one entry of $defs.";
  // The root is the whole database, so `quicktype -s schema schema.json` generates every
  // table's type; enums are named entries of $defs (TypeNames::Enum, the name every export
  // gives them), so generated code does not name them by collision.
  doc["type"] = "object";
  ordered_json props = ordered_json::object();
  for (const auto* t : tables) {
    props[t->SqlName()] =
        ordered_json{{"type", "array"}, {"items", {{"$ref", "#/$defs/" + names.Table(*t)}}}};
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
  return {{"jsonschema/schema.json",
           doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n"}};
}

}  // namespace alab::exports
