#pragma once
// The tracking table alab_migrations: one row per applied (or, for `transaction: false`
// migrations, partly applied) migration.
#include <string>
#include <vector>

#include "base/expected.h"
#include "dialect/connection.h"

namespace alab::runner {

inline constexpr const char* kHistoryTable = "alab_migrations";

struct AppliedMigration {
  std::string revision;
  std::string description;
  std::string checksum;       // the chain checksum when applied
  std::string sql_checksum;   // sha256 of the SQL that ran
  std::string applied_at;     // "2026-01-02T03:04:05Z" (UTC)
  long long exec_time_ms = 0;
  long long applied_order = 0;
  std::string file;           // "migrations/002_x.js"
  std::string file_checksum;  // sha256 of the file alone
  // `transaction: false` migrations record progress: complete == false while
  // statements_done < statements_total.
  long long statements_done = 0;
  long long statements_total = 0;
  bool complete() const { return statements_done >= statements_total; }
};

// CREATE TABLE IF NOT EXISTS alab_migrations (...).
Status EnsureHistoryTable(dialect::Connection& conn);
// True when the table exists.
Expected<bool> HistoryTableExists(dialect::Connection& conn);
// Rows in applied order; empty when the table does not exist yet.
Expected<std::vector<AppliedMigration>> ReadHistory(dialect::Connection& conn);
// One row (nullopt-like: found == false) for a revision.
Expected<std::vector<AppliedMigration>> ReadHistoryRow(dialect::Connection& conn, const std::string& revision);
// Inserts a row; applied_order becomes max + 1.
Status InsertHistory(dialect::Connection& conn, const AppliedMigration& row);
Status UpdateProgress(dialect::Connection& conn, const std::string& revision, long long statements_done,
                      long long exec_time_ms);
Status DeleteHistory(dialect::Connection& conn, const std::string& revision);

// Now, UTC, "YYYY-MM-DDTHH:MM:SSZ".
std::string UtcNow();

}  // namespace alab::runner
