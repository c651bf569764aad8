#pragma once
// The diff's steps, one file per concern (table_diff.cc, column_diff.cc, index_diff.cc,
// foreign_key_diff.cc, check_diff.cc, rename_detect.cc). Internal to src/diff/.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "diff/diff.h"
#include "ops/ops.h"
#include "schema/ir.h"

namespace alab::diff::internal {

// Walks both schemas' tables in canonical order: creates, drops, and per-table diffs.
void DiffTables(const schema::Schema& from, const schema::Schema& to, std::vector<ops::Op>& out);

// Columns present on both sides that must be dropped and re-added rather than altered
// (their computed expression or primary-key flag changed).
std::set<std::string> RecreatedColumns(const schema::Table& from, const schema::Table& to);

// Columns of one table present on both sides: added, dropped, altered, recreated.
void DiffColumns(const schema::Table& from, const schema::Table& to,
                 const std::set<std::string>& recreated, std::vector<ops::Op>& out);

// Indexes, foreign keys and checks of one table present on both sides, matched by name.
// An element that changed, or that touches a recreated column, is dropped and re-added.
void DiffIndexes(const schema::Table& from, const schema::Table& to,
                 const std::set<std::string>& recreated, std::vector<ops::Op>& out);
void DiffForeignKeys(const schema::Table& from, const schema::Table& to,
                     const std::set<std::string>& recreated, std::vector<ops::Op>& out);
void DiffChecks(const schema::Table& from, const schema::Table& to, std::vector<ops::Op>& out);

// The renames chosen, to map names back for operations ordered before them.
struct RenameMap {
  std::map<std::string, std::string> tables;  // new ref -> old ref
  std::map<std::pair<std::string, std::string>, std::string>
      columns;  // (new table ref, new name) -> old name
  bool empty() const { return tables.empty() && columns.empty(); }
};

// The working state: `from` itself until a rename changes it, then a private copy.
class CowSchema {
 public:
  explicit CowSchema(const schema::Schema& base) : base_(&base) {}
  const schema::Schema& get() const { return own_ ? *own_ : *base_; }
  schema::Schema& mut() {
    if (!own_) own_ = *base_;
    return *own_;
  }
  bool copied() const { return own_.has_value(); }

 private:
  const schema::Schema* base_;
  std::optional<schema::Schema> own_;
};

// Decides the table and column renames (hints first, then candidates offered to
// options.decide), applies them to `state` (a copy of `from`) with ops::Apply, and
// returns the rename operations in the order they apply.
std::vector<ops::Op> DetectRenames(const schema::Schema& to, const DiffOptions& options,
                                   CowSchema& state, ChosenRenames* chosen, RenameMap& renames);

// Whether tables, columns, indexes, foreign keys and checks are in canonical order.
bool IsCanonical(const schema::Schema& s);

// ops::Order puts drops (of foreign keys, indexes, checks, tables, columns) before the
// renames: rewrites those operations to name tables and columns as they were before.
void UseNamesBeforeRenames(std::vector<ops::Op>& ops, const RenameMap& renames);

// True when one of `columns` is in `names`.
bool TouchesAny(const std::vector<std::string>& columns, const std::set<std::string>& names);

// True when a and b have the same database shape apart from their names.
bool SameShapeIgnoringName(const schema::Column& a, const schema::Column& b);

}  // namespace alab::diff::internal
