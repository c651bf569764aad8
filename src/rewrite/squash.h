#pragma once
// `alab squash`: replaces the migration history with one baseline migration that creates the
// current schema from empty. The old files move to .alab/archive/<first>..<last>/ (byte for
// byte, never deleted); the baseline lists the revisions it replaces and the chain checksum of
// the last of them, so a database that ran the old history accepts it without running it
// (`alab migrate` records it) and a fresh database runs it.
//
// Order of the file changes, so that an interrupted squash is always detected: the baseline is
// written first (while the old files are still there, the revision DAG refuses to load and
// names the fix), then each old file is renamed into the archive, then alab.lock is rewritten,
// and last the configured database records the baseline. The database is held (migration lock
// and a transaction: SQLite's write lock) from a re-check of its history, before the first
// file moves, until the baseline row commits, so no migrate or rollback runs in between.
#include <functional>
#include <string>
#include <vector>

#include "base/expected.h"
#include "config/config.h"
#include "dialect/connection.h"
#include "runner/executor.h"
#include "runner/plan.h"
#include "schema/ir.h"

namespace alab::rewrite {

struct SquashOptions {
  bool dry_run = false;
  // The drift of the configured database as one line per difference (empty = none). The CLI
  // passes drift::CheckDrift; without it drift is not checked.
  std::function<Expected<std::vector<std::string>>(dialect::Connection&)> drift;
};

struct SquashResult {
  bool nothing_to_do = false;         // fewer than two migrations: nothing written
  std::string baseline_revision;      // "005"
  std::string baseline_file;          // "migrations/005_baseline.js"
  std::string content;                // the baseline's text
  std::vector<std::string> replaces;  // every revision it stands for (earlier baselines' too)
  std::string archive_dir;            // ".alab/archive/001..004"
  std::vector<std::pair<std::string, std::string>>
      moves;                          // "migrations/001_a.js" -> ".alab/archive/..."
  std::vector<std::string> warnings;  // what the baseline does not carry (raw SQL, hooks)
  bool database_checked = false;      // a database is configured and was checked
  bool recorded = false;              // the configured database recorded the baseline
  std::string database;               // redacted url
};

// Checks, builds and (unless dry_run) performs the squash. `plan` is the current history for
// cfg.dialect; `target` the schema files (canonical). Refusals are exit 1 and name the fix:
// several heads, alab.lock out of date, schema files ahead of the migrations, and on the
// configured database pending or partly applied migrations, a history that differs, drift.
// Without a database the squash runs offline (a warning says so): each database is checked
// when it next migrates.
Expected<SquashResult> Squash(const config::Config& cfg, const runner::Plan& plan,
                              const schema::Schema& target, const SquashOptions& options,
                              const runner::Output& out);

// What --dry-run prints: the file to write, the files to move, and the baseline's text.
std::string DescribeSquash(const SquashResult& result);

}  // namespace alab::rewrite
