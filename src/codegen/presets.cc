#include "codegen/presets.h"

namespace alab::codegen {

namespace {

schema::Column Make(const std::string& name, schema::Type type) {
  schema::Column c;
  c.name = name;
  c.type = type;
  return c;
}

schema::Column Timestamp(const std::string& name) {
  schema::Column c = Make(name, schema::Type::kDatetime);
  c.default_value = schema::Value::Sql("now()", "CURRENT_TIMESTAMP");
  return c;
}

}  // namespace

schema::Column PresetId() {
  schema::Column c = Make("id", schema::Type::kUuid);
  c.primary_key = true;
  return c;
}

schema::Column PresetCreatedAt() { return Timestamp("created_at"); }
schema::Column PresetUpdatedAt() { return Timestamp("updated_at"); }

schema::Column PresetDeletedAt() {
  schema::Column c = Make("deleted_at", schema::Type::kDatetime);
  c.nullable = true;
  return c;
}

schema::Column PresetBelongsTo(const std::string& column_name) { return Make(column_name, schema::Type::kUuid); }

schema::Column BaseColumn(const schema::Column& c) {
  schema::Column base = Make(c.name, c.type);
  base.length = c.length;
  base.precision = c.precision;
  base.scale = c.scale;
  base.enum_values = c.enum_values;
  return base;
}

}  // namespace alab::codegen
