#pragma once
// Running one migration's statements against a connection, whole or not at all.
#include <string>
#include <vector>

#include "base/expected.h"
#include "dialect/connection.h"
#include "runner/plan.h"

namespace alab::runner {

enum class ApplyOutcome { kApplied, kAlreadyDone };

// Applies pm's up() (or, with down = true, removes it with its down()). SQLite takes the
// write lock with BEGIN IMMEDIATE and re-reads alab_migrations inside it, so concurrent
// migrators apply each migration exactly once. alab_migrations must exist already
// (EnsureHistoryTable). Errors read
// "migrations/003_x.js:12:5: applying 003_x.js: statement 2 (ALTER TABLE ...): <db message>".
Expected<ApplyOutcome> ApplyMigration(dialect::Connection& conn, const PlannedMigration& pm, bool down);

// Records a squash baseline as applied without running it, on a database that applied every
// revision the baseline replaces (the caller checked that): its alab_migrations row, in one
// transaction, re-read inside it so concurrent migrators record it once.
Expected<ApplyOutcome> RecordBaseline(dialect::Connection& conn, const PlannedMigration& pm);

// "ALTER TABLE "x" ADD COLUMN ..." shortened to one line for messages.
std::string ShortSql(const std::string& sql);

}  // namespace alab::runner
