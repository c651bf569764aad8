#pragma once
// The columns the migration DSL's shorthands produce (t.id(), t.timestamps(),
// t.soft_delete(), t.belongs_to(ref)). Codegen writes a shorthand only when the column
// is exactly what the shorthand yields when the migration loader evaluates it.
#include <string>

#include "schema/ir.h"

namespace alab::codegen {

schema::Column PresetId();          // t.id(): "id", uuid primary key
schema::Column PresetCreatedAt();   // t.timestamps(), first column
schema::Column PresetUpdatedAt();   // t.timestamps(), second column
schema::Column PresetDeletedAt();   // t.soft_delete()
schema::Column PresetBelongsTo(const std::string& column_name);  // t.belongs_to(ref).as(...)
// The column a low-level t.<type>(name, args...) call yields before any modifier.
schema::Column BaseColumn(const schema::Column& c);

}  // namespace alab::codegen
