#pragma once
// The SQLite table rebuild: everything SQLite cannot ALTER in place (alter column, add/drop
// foreign key, add/drop check, drop a constrained column, add a column that needs a
// computed default or a backfill) becomes
//   CREATE TABLE "_alab_new_<t>" (target shape)
//   INSERT INTO "_alab_new_<t>" (...) SELECT ... FROM "<t>"   (every row, mapped)
//   DROP TABLE "<t>"
//   ALTER TABLE "_alab_new_<t>" RENAME TO "<t>"
//   CREATE INDEX ... (every index of the target shape)
// Every statement is flagged needs_foreign_keys_off: the runner turns foreign keys off
// around the transaction and runs PRAGMA foreign_key_check before COMMIT.
#include <string>
#include <utility>
#include <vector>

#include "dialect/dialect.h"
#include "ops/ops.h"
#include "schema/ir.h"

namespace alab::dialect::sqlite {

// The one question: can SQLite do this operation in place?
bool NeedsRebuild(const ops::Op& op, const schema::Schema& before);

// (target column, SQL expression over the old table's row) for every copied column.
using CopyPlan = std::vector<std::pair<std::string, std::string>>;

// The rebuild statements turning `before` into `after` (same table name). `from` is what
// the rows are read from (default: the table itself).
std::vector<std::string> RebuildTable(const schema::Table& before, const schema::Table& after,
                                      const CopyPlan& copy, const std::string& from = "");

// The table a rebuild operation rebuilds (its reference).
std::string TableOf(const ops::Op& op);

// The rebuild for one resolved operation applied to `before` (why/loc not yet set). An error
// (a user error) when the operation does not apply to the table (ops::Apply's message).
Expected<std::vector<Statement>> RenderRebuild(const ops::Op& op, const schema::Schema& before);

// Folding (render version 2): consecutive rebuilds of one table become one. The table a
// rebuild operation can fold on ("" when it cannot: generated columns are not copied), and
// the rebuild of a run of such operations, `before` holding the table before the first: one
// copy of the rows through the steps' expressions (a new copy only after a step that leaves
// a column to its DEFAULT).
std::string FoldableRebuildTable(const ops::Op& op, const schema::Schema& before);
Expected<std::vector<Statement>> RenderFoldedRebuild(const std::vector<ops::Op>& run,
                                                     const schema::Schema& before);

}  // namespace alab::dialect::sqlite
