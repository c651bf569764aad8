#include "codegen/presets.h"

#include "schema/dsl_decode.h"
#include "schema/dsl_names.h"

namespace alab::codegen {

namespace {

schema::Column Make(const std::string& name, schema::Type type) {
  schema::Column c;
  c.name = name;
  c.type = type;
  return c;
}

schema::Column HelperColumn(const std::string& helper, const std::string& name) {
  for (auto& c : HelperPreset(helper))
    if (c.name == name) return c;
  return Make(name, schema::Type::kText);
}

}  // namespace

schema::Column PresetId(const std::string& name) {
  schema::Column c = Make(name, schema::Type::kUuid);
  c.primary_key = true;
  return c;
}

std::vector<schema::Column> HelperPreset(const std::string& helper) {
  std::vector<schema::Column> cols = schema::dsl::HelperColumns(helper, {});
  for (auto& c : cols) c.loc = {};
  return cols;
}

schema::Column PresetCreatedAt() { return HelperColumn("timestamps", "created_at"); }
schema::Column PresetUpdatedAt() { return HelperColumn("timestamps", "updated_at"); }
schema::Column PresetDeletedAt() { return HelperColumn("soft_delete", "deleted_at"); }

schema::Column PresetBelongsTo(const std::string& column_name) {
  return Make(column_name, schema::Type::kUuid);
}

std::optional<schema::Column> PresetSemantic(const std::string& semantic, const std::string& name) {
  const schema::SemanticPreset* p = schema::FindSemanticPreset(semantic);
  if (!p) return std::nullopt;
  schema::Column c = Make(name, p->type);
  c.semantic = p->name;
  c.length = p->length;
  c.precision = p->precision;
  c.scale = p->scale;
  c.format = p->format;
  c.pattern = p->pattern;
  c.min = p->min;
  c.max = p->max;
  c.write_only = p->write_only;
  if (p->default_number != nullptr) c.default_value = schema::Value::Number(p->default_number);
  if (semantic == "flag") c.default_value = schema::Value::Bool(false);
  return c;
}

schema::Column BaseColumn(const schema::Column& c) {
  schema::Column base = Make(c.name, c.type);
  schema::CopyType(c, base);
  return base;
}

}  // namespace alab::codegen
