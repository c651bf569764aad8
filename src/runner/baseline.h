#pragma once
// `alab baseline`: adopting alab on a live database that already holds what the migrations
// create (after `alab pull` and `alab new`). The migrations up to a revision are recorded in
// alab_migrations as applied, without running any of them, but only when the database matches
// the replay of those migrations exactly (the comparison drift makes); otherwise nothing is
// recorded and the differences are the error. The check and the record happen under the
// migration lock and in one transaction, so no migrate or rollback runs in between.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "config/config.h"
#include "dialect/connection.h"
#include "runner/executor.h"
#include "runner/plan.h"
#include "schema/ir.h"

namespace alab::runner {

struct BaselineOptions {
  std::string to;        // the last revision to record; "" = every migration
  bool dry_run = false;  // check and report, record nothing
  bool force = false;    // record migration files with uncommitted git changes (as migrate)
  std::chrono::milliseconds lock_timeout{30000};
  // The differences between the database on `conn` (inside baseline's transaction) and
  // `expected` (the replay of the plan's migrations it would record, with those already
  // recorded), one line each (empty = it matches). The CLI passes drift's comparison
  // (drift::DifferencesFrom). Required.
  std::function<Expected<std::vector<std::string>>(dialect::Connection& conn,
                                                   const schema::Schema& expected)>
      compare;
};

struct BaselineResult {
  std::string database;               // redacted url
  std::vector<std::string> recorded;  // files recorded as applied (dry run: that would be)
  std::vector<std::string> warnings;  // what the comparison cannot see (m.sql, hooks)
};

// Checks and (unless dry_run) records. Refusals are user errors (exit 1) naming the fix: no
// database or a database file that does not exist, an unknown revision, applied migrations
// that differ from the files or are unfinished, migration files with uncommitted git changes
// (unless force; as migrate refuses them), alab.lock out of date (also for a file about
// to be recorded), step rows left of a migration about to be recorded, a squash baseline
// whose replaced revisions are applied only in part, and a database that differs from the
// migrations (each difference listed). What is compared and recorded is the plan's files as
// loaded, never a second read of them.
Expected<BaselineResult> Baseline(const config::Config& cfg, const Plan& plan,
                                  const BaselineOptions& options, const Output& out);

}  // namespace alab::runner
