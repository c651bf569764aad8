#pragma once
// Columns as migration DSL text: t.* statements (create_table / add_column bodies) and
// c.* chains (alter_column). Every property of the IR column is written, so evaluating
// the text yields the same column.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "codegen/js_text.h"
#include "schema/ir.h"

namespace alab::codegen {

// The modifiers that turn `base` (what a t.* call yields) into `c`, in a fixed order;
// nullopt when some difference cannot be written as a modifier (e.g. `base` has a
// default that `c` lacks).
std::optional<std::vector<CallExpr>> Modifiers(const schema::Column& base, const schema::Column& c);

// One column as a t.* chain: t.id() / t.id(name) for a uuid primary key, t.<semantic>(name)
// when the column is that semantic type's preset plus modifiers, else the low-level type.
std::vector<CallExpr> ColumnStatement(const schema::Column& c);

// The t.* statements of create_table for `table`, in IR order: t.timestamps(),
// t.soft_delete(), t.sortable() where the columns are exactly those presets;
// t.belongs_to_any(refs, { as }) for a polymorphic pair; t.belongs_to(ref) for a
// `<x>_id` uuid column with a default-named foreign key to the referenced table's id (its
// name goes into `belongs_to_fks`; those foreign keys need no add_foreign_key).
std::vector<std::vector<CallExpr>> TableColumnStatements(const schema::Table& table,
                                                         std::set<std::string>* belongs_to_fks);

// The c.* chain of alter_column from `from` to `to` (type, nullability, default, check,
// unique); empty when none of these differ.
std::vector<CallExpr> AlterChain(const schema::Column& from, const schema::Column& to);

// "cascade", "set null", ...
std::string FkActionText(schema::FkAction a);

}  // namespace alab::codegen
