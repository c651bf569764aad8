#pragma once
// The offline half of applying: migration files -> DAG order -> replay -> the SQL each
// migration runs (hooks, DDL, backfills) for one dialect, and the checksum chain.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/expected.h"
#include "config/config.h"
#include "diag/diagnostic.h"
#include "dialect/dialect.h"
#include "migration/load.h"
#include "migration/migration.h"

namespace alab::runner {

struct PlannedMigration {
  const migration::Migration* migration = nullptr;
  std::string checksum;       // chain checksum
  std::string file_checksum;  // sha256 of the file alone
  std::vector<ops::Op> resolved_up;
  std::vector<dialect::Statement> up;    // before hooks, DDL, after hooks and backfills
  std::string sql_checksum;              // SqlChecksum(up)
  std::vector<dialect::Statement> down;  // down hooks around the file's own down()
  std::vector<ops::Op> resolved_down;    // the down() operations, resolved (the destroy guard)
  // down() has no operation: the rollback runs the down statements of up()'s m.sql(up, down)
  // calls in reverse order (when every operation of up() is such a call), else nothing.
  bool down_derived = false;
  std::string down_error;  // set when down() cannot be rendered
  bool needs_foreign_keys_off(bool for_down) const;
};

struct Plan {
  std::string dialect;
  std::vector<migration::Migration> migrations;  // as loaded (owned)
  std::vector<PlannedMigration> ordered;         // DAG order
  schema::Schema final_schema;                   // after every migration
  const PlannedMigration* Find(const std::string& revision) const;
  int IndexOf(const std::string& revision) const;  // -1 when unknown
  // The squash baseline whose `replaces` lists this revision (nullptr when none).
  const PlannedMigration* BaselineReplacing(const std::string& revision) const;
};

// Builds the plan from already-loaded migrations. Errors (exit 1) name the file.
// with_down = false leaves every down() unrendered (down_error says so): for commands that
// only apply, it halves the work.
// render_version: the dialect's spelling (dialect::kRenderVersion; `check --determinism`
// also tries older ones).
Expected<std::unique_ptr<Plan>> BuildPlanFrom(std::vector<migration::Migration> migrations,
                                              const std::string& dialect_name,
                                              bool with_down = true,
                                              int render_version = dialect::kRenderVersion);

// Loads the project's migration files and builds the plan; diagnostics from evaluating the
// files go to `diags` (an error there returns an error too). Only a read-only command may
// pass kCachedForReadOnly (see migration::Evaluation): a plan that is applied is built from
// the files evaluated afresh.
Expected<std::unique_ptr<Plan>> BuildPlan(
    const config::Config& cfg, diag::DiagnosticSink& diags, bool with_down = true,
    migration::Evaluation evaluation = migration::Evaluation::kFresh);

// Sets Statement::no_transaction where the dialect refuses the statement inside a
// transaction (CREATE INDEX CONCURRENTLY, ...).
void MarkNoTransaction(const dialect::Dialect& d, std::vector<dialect::Statement>& statements);

// `--dry`: the SQL per migration as it would run (transaction framing included).
std::string RenderDry(const Plan& plan, const std::vector<const PlannedMigration*>& which,
                      bool down = false);

}  // namespace alab::runner
