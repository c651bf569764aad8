#pragma once
// The columns the migration DSL's shorthands produce (t.id(), t.timestamps(),
// t.soft_delete(), t.sortable(), t.belongs_to(ref), t.<semantic>(name)), taken from the
// schema language's own definitions. Codegen writes a shorthand only when the column is
// that preset plus modifiers, so evaluating the file yields the same column.
#include <optional>
#include <string>
#include <vector>

#include "schema/ir.h"

namespace alab::codegen {

schema::Column PresetId(const std::string& name = "id");  // t.id() / t.id(name): uuid primary key
// The columns of t.timestamps() / t.soft_delete() / t.sortable() (in IR order).
std::vector<schema::Column> HelperPreset(const std::string& helper);
schema::Column PresetCreatedAt();
schema::Column PresetUpdatedAt();
schema::Column PresetDeletedAt();
schema::Column PresetBelongsTo(const std::string& column_name);  // t.belongs_to(ref).as(...)
// t.<semantic>(name): nullopt when `semantic` is not a semantic type.
std::optional<schema::Column> PresetSemantic(const std::string& semantic, const std::string& name);
// The column a low-level t.<type>(name, args...) call yields before any modifier.
schema::Column BaseColumn(const schema::Column& c);

}  // namespace alab::codegen
