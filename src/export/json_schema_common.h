#pragma once
// JSON Schema objects for tables and columns, shared by the OpenAPI 3.1 and JSON Schema
// 2020-12 exporters (OpenAPI adds x-alab-* extensions and free-form formats).
#include <nlohmann/json.hpp>

#include "export/naming.h"
#include "schema/ir.h"

namespace alab::exports {

enum class SchemaFlavor { kOpenApi, kJsonSchema };

// The schema of one column's JSON value (a row property), accepting exactly its wire format
// (README, "Wire format"); a polymorphic `<as>_type` column is the enum of its tables' SQL names.
nlohmann::ordered_json ColumnSchema(const schema::Schema& s, const schema::Table& t,
                                    const schema::Column& c, SchemaFlavor flavor);
// The schema of one row: an object with every column required, no other properties.
nlohmann::ordered_json TableSchema(const schema::Schema& s, const schema::Table& t,
                                   SchemaFlavor flavor);

}  // namespace alab::exports
