#pragma once
// The operation vocabulary: one value type per schema change. Operations are
// produced by the diff (schema × schema) and by migration files (m.* calls),
// replayed onto the IR, inverted for down(), and rendered to SQL by each dialect
// (one overload per operation, so a new operation does not compile until every
// dialect handles it). No SQL lives here.
//
// Each operation carries the state its inverse needs. Operations read from a
// migration file may first hold only what the file says (e.g. DropColumn with just
// the column name, AlterColumn with a partial change); Resolve() fills the rest
// from the schema state the operation applies to.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/expected.h"
#include "diag/diagnostic.h"
#include "schema/ir.h"

namespace alab::ops {

struct CreateTable {
  schema::Table table;
  diag::SourceLoc loc;
};

struct DropTable {
  schema::Table table;  // full state before the drop (only table.ns/name known until resolved)
  diag::SourceLoc loc;
};

struct RenameTable {
  std::string from;  // table refs: "auth.user"
  std::string to;
  diag::SourceLoc loc;
};

struct AddColumn {
  std::string table;  // table ref
  schema::Column column;
  diag::SourceLoc loc;
};

struct DropColumn {
  std::string table;
  schema::Column column;  // full state before the drop (only name known until resolved)
  diag::SourceLoc loc;
};

struct RenameColumn {
  std::string table;
  std::string from;
  std::string to;
  diag::SourceLoc loc;
};

// A partial change as written with m.alter_column(ref, name, (c) => ...).
struct ColumnChange {
  std::optional<schema::Column> type;  // set_type(...): type + length/precision/scale/enum values
  std::optional<bool> nullable;        // set_nullable() / set_not_null()
  std::optional<schema::Value> set_default;
  bool drop_default = false;
  std::optional<std::string> check;  // set_check(expr) ("" drops it)
  std::optional<bool> unique;        // set_unique() / drop_unique()
  // backfill(v): the value NULLs become before set_not_null() (existing rows); not part of
  // the column's state after the migration.
  std::optional<schema::Value> backfill;
  std::optional<int> key_position;  // set_key_place(n) / drop_key_place() (0)
  bool operator==(const ColumnChange&) const = default;
};

struct AlterColumn {
  std::string table;
  schema::Column from;                 // before (filled by Resolve when read from a file)
  schema::Column to;                   // after
  std::optional<ColumnChange> change;  // set when read from a migration file
  diag::SourceLoc loc;
};

struct CreateIndex {
  std::string table;
  schema::Index index;
  diag::SourceLoc loc;
};

struct DropIndex {
  std::string table;  // may be "" when read from m.drop_index(name); Resolve finds it
  schema::Index index;
  diag::SourceLoc loc;
};

struct AddForeignKey {
  std::string table;
  schema::ForeignKey fk;
  diag::SourceLoc loc;
};

struct DropForeignKey {
  std::string table;
  schema::ForeignKey fk;  // only name known until resolved
  diag::SourceLoc loc;
};

struct AddCheck {
  std::string table;
  schema::Check check;
  diag::SourceLoc loc;
};

struct DropCheck {
  std::string table;
  schema::Check check;  // only name known until resolved
  diag::SourceLoc loc;
};

// m.sql(...): recorded, rendered for the matching dialect, never changes the IR.
// Each text under the key of the schema language that gives it (schema::SqlTexts); a
// dialect whose key has no entry does not run the statement.
struct RawSql {
  schema::SqlTexts up;
  schema::SqlTexts down;  // empty: no down statement
  diag::SourceLoc loc;
};

using Op = std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn, RenameColumn,
                        AlterColumn, CreateIndex, DropIndex, AddForeignKey, DropForeignKey,
                        AddCheck, DropCheck, RawSql>;

// "create table auth.user", "drop column blog.post.title", ...
std::string Describe(const Op& op);
const diag::SourceLoc& LocOf(const Op& op);

// An operation that does not fit the schema it applies to ("table 'x' does not exist"): a user
// error (exit 1), which the caller prefixes with the operation's file:line and description.
inline Error InvalidOp(std::string message) {
  return MakeError(std::move(message), ExitCode::kUserError);
}

// Fills the before-state of an operation read from a file from `state` (the schema it
// applies to), and checks that the tables it names exist (so a renderer can rely on them).
Status Resolve(Op& op, const schema::Schema& state);

// Applies a (resolved) operation to the IR.
Status Apply(const Op& op, schema::Schema& state);

// The inverse of a resolved operation. RawSql without a down statement has none.
std::optional<Op> Invert(const Op& op);

// Drops a table/column, or narrows a type (shorter string, smaller decimal, enum values removed,
// type change that can lose data).
bool IsDestructive(const Op& op);

// Orders operations so they apply: drops of dependents first, created tables in FK order,
// FK cycles broken by moving the constraint into an AddForeignKey after both tables exist.
std::vector<Op> Order(std::vector<Op> ops);

}  // namespace alab::ops
