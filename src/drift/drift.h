#pragma once
// Drift: the live database compared with the replay of the migrations it has applied.
// Used by `alab check` (exit 1 on drift) and `alab status`.
#include <set>
#include <string>
#include <vector>

#include "base/expected.h"
#include "config/config.h"
#include "dialect/compare.h"
#include "dialect/connection.h"
#include "schema/ir.h"

namespace alab::drift {

struct DriftReport {
  bool checked = false;  // false when no database is configured (nothing compared)
  std::string database;  // redacted URL
  std::vector<dialect::Difference> differences;
  // One line per difference, each naming the object and the fixing command:
  // "column auth_user.nickname exists in the database but not in the migrations (run
  // `alab pull` or revert it)".
  std::vector<std::string> lines;
  // Migrations the database is in the middle of (a `transaction: false` migration partly
  // applied, or a stepwise rollback that stopped): one line each with the command that
  // finishes it. The catalog is not compared then (it is between two migrations' states).
  std::vector<std::string> unfinished;
  bool drifted() const { return !differences.empty() || !unfinished.empty(); }
  std::string Render() const;  // "drift in <db>:\n  - line\n..." or "no drift"
};

// Compares the configured database with the replay of its applied migrations. No
// database configured (or a SQLite file that does not exist yet): an unchecked, empty report.
Expected<DriftReport> CheckDrift(const config::Config& cfg);
// The same on an open connection.
Expected<DriftReport> CheckDrift(const config::Config& cfg, dialect::Connection& conn);

// The differences between the database on `conn` (read in the caller's transaction) and the
// replay of the migrations `revisions` (in revision-DAG order); empty when it matches them.
Expected<std::vector<dialect::Difference>> DifferencesFrom(const config::Config& cfg,
                                                           dialect::Connection& conn,
                                                           const std::set<std::string>& revisions);
// The same against a schema the caller replayed (`alab baseline`: the plan's files as loaded).
Expected<std::vector<dialect::Difference>> DifferencesFrom(const config::Config& cfg,
                                                           dialect::Connection& conn,
                                                           const schema::Schema& expected);

// The fixing hint for one difference.
std::string FixHint(const dialect::Difference& d);

}  // namespace alab::drift
