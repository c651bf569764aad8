#pragma once
// One operation as migration DSL statements (m.create_table, m.add_column, ...), in
// the forms of the migration file reference (SPEC §3).
#include "codegen/js_text.h"
#include "ops/ops.h"

namespace alab::codegen {

// Writes `op` at the writer's indentation. A CreateTable becomes m.create_table plus
// m.create_index / m.add_foreign_key / m.add_check for its indexes, the foreign keys
// not written as t.belongs_to, and its checks. `first` = first statement of the block
// (no blank line before a table comment).
void WriteOp(const ops::Op& op, bool first, CodeWriter& w);

}  // namespace alab::codegen
