#pragma once
// The tracking table alab_migrations: one row per applied (or, for `transaction: false`
// migrations, partly applied) migration.
#include <string>
#include <vector>

#include "base/expected.h"
#include "dialect/connection.h"

namespace alab::runner {

inline constexpr const char* kHistoryTable = "alab_migrations";
// Per-step progress of `transaction: false` migrations (created when the first one runs).
inline constexpr const char* kStepsTable = "alab_migration_steps";

struct AppliedMigration {
  std::string revision;
  std::string description;
  std::string checksum;      // the chain checksum when applied
  std::string sql_checksum;  // sha256 of the SQL that ran
  std::string applied_at;    // "2026-01-02T03:04:05Z" (UTC)
  long long exec_time_ms = 0;
  long long applied_order = 0;
  std::string file;           // "migrations/002_x.js"
  std::string file_checksum;  // sha256 of the file alone
  // `transaction: false` migrations record progress: complete == false while
  // statements_done < statements_total.
  long long statements_done = 0;
  long long statements_total = 0;
  // A stepwise rollback of this migration started and has not finished (alab_migration_steps
  // holds "down" rows for it): neither applied nor pending until `alab rollback` finishes.
  bool rolling_back = false;
  bool complete() const { return statements_done >= statements_total && !rolling_back; }
};

// One step of a `transaction: false` migration (dialect::Step) as recorded.
//   started: about to be sent (only steps that run outside a transaction);
//   failed:  the database reported an error for it (nothing of it committed, but a
//            leftover such as an INVALID index may remain);
//   done:    completed (written in the same transaction as the step, when it has one).
struct StepRecord {
  long long step = 0;  // from 0
  std::string state;
  std::string sql_checksum;  // dialect::StepChecksum
  std::string sql;           // the statements as sent
};

// CREATE TABLE IF NOT EXISTS alab_migrations (...).
Status EnsureHistoryTable(dialect::Connection& conn);
// True when the table exists.
Expected<bool> HistoryTableExists(dialect::Connection& conn);
// Rows in applied order; empty when the table does not exist yet.
Expected<std::vector<AppliedMigration>> ReadHistory(dialect::Connection& conn);
// One row (nullopt-like: found == false) for a revision.
Expected<std::vector<AppliedMigration>> ReadHistoryRow(dialect::Connection& conn,
                                                       const std::string& revision);
// Inserts a row; applied_order becomes max + 1.
Status InsertHistory(dialect::Connection& conn, const AppliedMigration& row);
Status UpdateProgress(dialect::Connection& conn, const std::string& revision,
                      long long statements_done, long long exec_time_ms);
Status DeleteHistory(dialect::Connection& conn, const std::string& revision);
// A resumed migration finished: its row takes the checksums of the file as it is now.
Status CompleteHistory(dialect::Connection& conn, const AppliedMigration& row);

Status EnsureStepsTable(dialect::Connection& conn);
// direction: "up" | "down". Ordered by step; empty when the table does not exist.
Expected<std::vector<StepRecord>> ReadSteps(dialect::Connection& conn, const std::string& revision,
                                            const std::string& direction);
Status RecordStep(dialect::Connection& conn, const std::string& revision,
                  const std::string& direction, const StepRecord& step);
// Every step row of the revision (both directions).
Status DeleteSteps(dialect::Connection& conn, const std::string& revision);

// Now, UTC, "YYYY-MM-DDTHH:MM:SSZ".
std::string UtcNow();

}  // namespace alab::runner
