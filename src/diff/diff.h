#pragma once
// The diff: two schema IRs -> the typed operations that turn the first into the
// second (never SQL). Tables are matched by reference, columns by name, indexes,
// foreign keys and checks by name; a table or column that disappears while another
// of the same shape appears is offered as a rename.
//
// Table renames: the renamed table keeps its indexes, foreign keys and checks under
// their old names (the op vocabulary renames the table only); the diff then drops the
// default-named ones and recreates them under the new table's default names, exactly
// as the target schema names them. The state after the renames is computed with
// ops::Apply, so replaying the result always equals the target.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ops/ops.h"
#include "schema/ir.h"

namespace alab::diff {

struct RenameCandidate {
  enum class Kind { kTable, kColumn };
  Kind kind = Kind::kTable;
  std::string table;  // kColumn: the table's reference (after any table rename)
  std::string from;   // kTable: table refs ("auth.user"); kColumn: column names
  std::string to;
};

// Asked once per candidate (interactive y/N, --yes, --no-renames). true = rename.
using RenameDecider = std::function<bool(const RenameCandidate&)>;

struct DiffOptions {
  std::map<std::string, std::string> rename_tables;   // hints: "ns.old" -> "new" (same namespace)
  std::map<std::string, std::string> rename_columns;  // hints: "ns.table.old" -> "new"
  RenameDecider decide;                               // null = never rename (drop + add)
};

// Operations that turn `from` into `to`, resolved (full before-state in drops,
// AlterColumn{from, to}) and ordered with ops::Order. Metadata-only differences (docs,
// semantic, pattern, ...) produce no operations. Both schemas must be canonical.
std::vector<ops::Op> Diff(const schema::Schema& from, const schema::Schema& to,
                          const DiffOptions& options);

// The renames chosen by Diff (hints + accepted candidates), for the migration file's
// `renames` block: "ns.old" -> "new" and "ns.table.old" -> "new".
struct ChosenRenames {
  std::map<std::string, std::string> tables;
  std::map<std::string, std::string> columns;
};
std::vector<ops::Op> Diff(const schema::Schema& from, const schema::Schema& to,
                          const DiffOptions& options, ChosenRenames* chosen);

}  // namespace alab::diff
