#pragma once
// Pieces shared by the transactional (apply.cc) and the stepwise (stepwise.cc) paths.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "base/expected.h"
#include "config/config.h"
#include "dialect/connection.h"
#include "runner/apply.h"
#include "runner/db_lock.h"
#include "runner/executor.h"
#include "runner/plan.h"
#include "runner/tracking.h"

namespace alab::runner {

using Clock = std::chrono::steady_clock;
long long MsSince(Clock::time_point start);

// "migrations/003_x.js:12:5: applying 003_x.js: statement 2 (ALTER ...): <db message>".
Error StatementError(const PlannedMigration& pm, bool down, size_t index,
                     const dialect::Statement& s, const Error& db);
// The alab_migrations row for pm (statements_done 0).
AppliedMigration RowFor(const PlannedMigration& pm);
// Undoes an open transaction and restores foreign keys; returns `e` for chaining.
Error Abort(dialect::Connection& conn, bool fk_off, Error e);
// PRAGMA foreign_key_check after a rebuild; an error lists the violations.
Status ForeignKeyCheck(dialect::Connection& conn, const PlannedMigration& pm);
// The connection's dialect's foreign-key frame (Dialect::ForeignKeysOffFrame) around a
// transaction: off before BEGIN, on after COMMIT (Abort restores it after ROLLBACK).
Status ForeignKeysOff(dialect::Connection& conn);
void ForeignKeysOn(dialect::Connection& conn);
// One statement with the connection's rebuild frame (BeginRebuild/EndRebuild).
Status ExecFramed(dialect::Connection& conn, const dialect::Statement& s);

// "headline\n  line\n  line" as an Error with `code`.
Error Problems(const std::string& headline, const std::vector<std::string>& lines, ExitCode code);
// Connects and sets the SQLite busy timeout (the write-lock wait) to the lock timeout.
Expected<std::unique_ptr<dialect::Connection>> Open(const config::Config& cfg,
                                                    std::chrono::milliseconds lock_timeout);
// A database held for a change no other migrator may interleave with (squash, baseline): the
// connection, the migration lock and an open transaction (on SQLite its write lock), rolled
// back unless the holder commits and clears `open`.
struct HeldDatabase {
  std::unique_ptr<dialect::Connection> conn;
  MigrationLock lock;  // declared after the connection: released before it closes
  bool open = false;
  ~HeldDatabase() {
    if (open) (void)conn->Rollback();
  }
};
// Open, then the migration lock, then BEGIN, each waiting up to `lock_timeout`.
Status HoldDatabase(const config::Config& cfg, std::chrono::milliseconds lock_timeout,
                    HeldDatabase& held);
// alab.lock problems that concern applied files (or the lock file itself) block; the others
// are warnings to `out` (the lock file is rewritten after).
Status CheckLockFile(const config::Config& cfg, const std::vector<AppliedMigration>& applied,
                     const Output& out);

Expected<ApplyOutcome> ApplyStepwise(dialect::Connection& conn, const PlannedMigration& pm,
                                     const StepOptions& o);
Expected<ApplyOutcome> RemoveStepwise(dialect::Connection& conn, const PlannedMigration& pm,
                                      const std::vector<dialect::Statement>& down,
                                      const StepOptions& o);

}  // namespace alab::runner
