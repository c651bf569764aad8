#pragma once
// Running one migration's statements against a connection, whole or not at all.
#include <string>
#include <vector>

#include "base/expected.h"
#include "dialect/connection.h"
#include "runner/plan.h"

namespace alab::runner {

// kNotLast: a rollback with StepOptions::only_if_last found (inside the write lock) that the
// migration is no longer the last one applied, or a migrate found a parent of the migration
// no longer applied (rolled back meanwhile); nothing ran.
enum class ApplyOutcome { kApplied, kAlreadyDone, kNotLast };

// How a `transaction: false` migration continues after an interruption or a failure.
struct StepOptions {
  // `migrate --resume`: the migration is partly applied and its file may have been edited
  // after the applied steps; those must be unchanged (their recorded checksums), the rest
  // runs as the file says now, and the row takes the edited file's checksums at the end.
  bool resume = false;
  // For a step left "started" whose effect the catalog cannot read (1-based; 0 = none):
  // record it as done without running it, or run it again.
  long long step_done = 0;
  long long step_redo = 0;
  // Rollback of a partly applied migration: the down statements that undo the applied
  // steps (PartialDown); nullptr = the migration's whole down().
  const std::vector<dialect::Statement>* down = nullptr;
  // Rollback: run only if the migration is the last applied one, read inside the
  // transaction that rolls it back (SQLite: under the write lock), else kNotLast.
  bool only_if_last = false;
};

// Applies pm's up() (or, with down = true, removes it with its down()). SQLite takes the
// write lock with BEGIN IMMEDIATE and re-reads alab_migrations inside it, so concurrent
// migrators apply each migration exactly once. alab_migrations must exist already
// (EnsureHistoryTable). Errors read
// "migrations/003_x.js:12:5: applying 003_x.js: statement 2 (ALTER TABLE ...): <db message>".
// `transaction: false` migrations run step by step (dialect::GroupSteps), each recorded in
// alab_migration_steps (see stepwise.cc).
Expected<ApplyOutcome> ApplyMigration(dialect::Connection& conn, const PlannedMigration& pm,
                                      bool down, const StepOptions& steps = {});

// Records a squash baseline as applied without running it, on a database that applied every
// revision the baseline replaces (the caller checked that): its alab_migrations row, in one
// transaction, re-read inside it so concurrent migrators record it once.
Expected<ApplyOutcome> RecordBaseline(dialect::Connection& conn, const PlannedMigration& pm);

// "ALTER TABLE "x" ADD COLUMN ..." shortened to one line for messages.
std::string ShortSql(const std::string& sql);

}  // namespace alab::runner
