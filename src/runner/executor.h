#pragma once
// Applying migrations to a live database: migrate, rollback, status.
//
// Each migration (before hooks, its DDL, after hooks and backfills, its alab_migrations
// row) runs in one transaction: applied whole or not at all. A SQLite table rebuild turns
// foreign keys off around that transaction and runs PRAGMA foreign_key_check before
// COMMIT. `transaction: false` migrations run statement by statement and record progress.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "config/config.h"
#include "dialect/connection.h"
#include "runner/plan.h"
#include "runner/tracking.h"

namespace alab::runner {

// Where progress lines and warnings go (stdout / stderr in the CLI).
struct Output {
  std::function<void(const std::string&)> info = [](const std::string&) {};
  std::function<void(const std::string&)> warn = [](const std::string&) {};
  // Before each migration runs: (index from 0, count, file); (count, count, "") when done.
  std::function<void(size_t, size_t, const std::string&)> progress = [](size_t, size_t,
                                                                        const std::string&) {};
};

struct MigrateOptions {
  std::string to;  // apply up to and including this revision ("" = all)
  bool dry = false;
  bool confirm_destroy = false;
  bool force = false;   // apply despite uncommitted changes to migration files
  bool commit = false;  // git commit the applied migration files and alab.lock
  bool skip_lock = false;
  std::chrono::milliseconds lock_timeout{30000};
  // Continue a partly applied `transaction: false` migration whose not-yet-applied steps were
  // edited (the applied ones must be unchanged); step_done / step_redo (1-based) settle a
  // step that was interrupted where the catalog cannot tell whether it completed.
  bool resume = false;
  long long step_done = 0;
  long long step_redo = 0;
};

Status Migrate(const config::Config& cfg, const Plan& plan, const MigrateOptions& options,
               const Output& out);

struct RollbackOptions {
  int count = 1;   // the last N applied migrations
  std::string to;  // or: everything applied after this revision (it stays applied)
  bool dry = false;
  bool confirm_destroy = false;  // roll back even when down() drops tables or columns holding rows
  bool skip_lock = false;
  std::chrono::milliseconds lock_timeout{30000};
  // An interrupted stepwise rollback: settle its step N (1-based) as done / run it again.
  long long step_done = 0;
  long long step_redo = 0;
};

Status Rollback(const config::Config& cfg, const Plan& plan, const RollbackOptions& options,
                const Output& out);

// One line per migration known to the files or the database.
struct StatusEntry {
  std::string revision;
  std::string file;
  std::string description;
  std::string state;  // "applied" | "pending" | "partial" | "changed" | "missing file" | "squashed"
  std::string applied_at;
  long long exec_time_ms = 0;
  long long statements_done = 0;
  long long statements_total = 0;
  bool transactional = true;
};

struct StatusReport {
  std::vector<StatusEntry> entries;
  std::vector<std::string> problems;  // checksum chain / missing files, naming the file
  int applied = 0, pending = 0;
  int squashed = 0;  // applied rows of revisions a squash baseline replaces (state "squashed")
};

Expected<StatusReport> ReadStatus(dialect::Connection& conn, const Plan& plan);
std::string FormatStatus(const StatusReport& report);
std::string FormatStatusJson(const StatusReport& report);

// ---- Integrity (used by migrate, status, check --determinism) ----------------------

// Problems of the applied rows against the files: a missing file, a file changed after it
// was applied, a history changed before it. Each message names the file.
std::vector<std::string> VerifyApplied(const Plan& plan,
                                       const std::vector<AppliedMigration>& applied);

// Everything that stops `alab migrate` before it runs anything on a database with these
// applied rows (blockers.cc), one message per problem naming the file and the fix:
// VerifyApplied's problems, alab.lock problems that concern applied files or the lock file
// itself, a partly applied migration edited since (without --resume), a squash baseline the
// database ran only part of. `alab check` fails on the same list.
std::vector<std::string> MigrateBlockers(const config::Config& cfg, const Plan& plan,
                                         const std::vector<AppliedMigration>& applied);
// alab.lock problems that block migrate (aggregate, malformed, or about an applied file);
// `warnings` receives the others (a new or edited pending file).
std::vector<std::string> LockFileBlockers(const config::Config& cfg,
                                          const std::vector<AppliedMigration>& applied,
                                          std::vector<std::string>* warnings);
// The refusal for a partly applied migration whose file changed since (fixed by --resume).
std::string PartialEditedProblem(const PlannedMigration& pm, const AppliedMigration& row);

// How a database stands towards a squash baseline: it applied none of the revisions the
// baseline replaces (the baseline runs), all of them (the baseline is recorded without
// running), or only some (refused: finish the old history first). `missing` receives the
// replaced revisions it has not applied.
enum class BaselineFit { kFresh, kRanReplaced, kPartial };
BaselineFit FitBaseline(const migration::Migration& baseline,
                        const std::vector<AppliedMigration>& applied,
                        std::vector<std::string>* missing = nullptr);

// `alab check --determinism`: re-renders each applied migration and compares it with the
// stored sql_checksum. Returns one message per mismatch (naming the file); empty = ok.
Expected<std::vector<std::string>> CheckDeterminism(dialect::Connection& conn, const Plan& plan);

// Pending destructive operations with the rows each would lose, e.g.
// "migrations/004_x.js:7:5: drop column blog.post.title (12 rows hold a value)".
std::vector<std::string> DestructiveOps(dialect::Connection& conn, const Plan& plan,
                                        const std::vector<const PlannedMigration*>& pending);

}  // namespace alab::runner
