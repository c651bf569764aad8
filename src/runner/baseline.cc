// `alab baseline`: record migrations as applied on a database that already matches them.
#include "runner/baseline.h"

#include <fmt/format.h>

#include "dialect/dialect.h"
#include "runner/apply_detail.h"
#include "runner/db_lock.h"
#include "runner/lock_file.h"
#include "runner/tracking.h"

namespace alab::runner {
namespace {

// What a catalog comparison cannot see in a migration: SQL alab did not generate (m.sql,
// hooks) may have written data or objects the schema model does not hold.
std::string Unverifiable(const PlannedMigration& pm) {
  const auto& m = *pm.migration;
  size_t raw = 0;
  for (const auto& op : m.up) raw += std::holds_alternative<ops::RawSql>(op) ? 1 : 0;
  const size_t hooks = m.up_hooks.size();
  if (raw == 0 && hooks == 0) return "";
  return fmt::format(
      "{}: its {} cannot be compared with the database (alab compares the schema); check that "
      "what it does is already there",
      m.file,
      raw > 0 && hooks > 0 ? "m.sql statements and hooks"
      : raw > 0            ? (raw == 1 ? "m.sql statement" : "m.sql statements")
                           : (hooks == 1 ? "hook" : "hooks"));
}

// The database under the migration lock, in a transaction; rolled back unless committed.
struct Held {
  std::unique_ptr<dialect::Connection> conn;
  MigrationLock lock;  // declared after the connection: released before it closes
  bool open = false;
  ~Held() {
    if (open) (void)conn->Rollback();
  }
};

}  // namespace

Expected<BaselineResult> Baseline(const config::Config& cfg, const Plan& plan,
                                  const BaselineOptions& o, const Output& out) {
  BaselineResult result;
  result.database = cfg.RedactedUrl();
  size_t end = plan.ordered.size();
  if (!o.to.empty()) {
    int idx = plan.IndexOf(o.to);
    if (idx < 0) return MakeError(fmt::format("unknown revision '{}'", o.to), ExitCode::kUserError);
    end = static_cast<size_t>(idx) + 1;
  }
  if (end == 0)
    return MakeError(
        "there are no migrations to record; write them first (`alab pull`, then "
        "`alab new <name>`)",
        ExitCode::kUserError);
  if (!cfg.url.empty() && dialect::GetDialect(cfg.dialect).DatabaseMissing(cfg.url)) {
    return MakeError(fmt::format("cannot baseline: database {} does not exist; a new database "
                                 "runs its migrations (`alab migrate`)",
                                 result.database),
                     ExitCode::kUserError);
  }
  Held held;
  auto conn = Open(cfg, o.lock_timeout);
  if (!conn) return conn.error();
  held.conn = std::move(*conn);
  dialect::Connection& db = *held.conn;
  if (Status s = held.lock.Acquire(db, o.lock_timeout); !s.ok()) return s.error();
  if (Status s = db.Begin(); !s.ok()) return s.error().WithContext("starting the transaction");
  held.open = true;
  // Created in the transaction: a refused baseline leaves the database as it found it.
  auto exists = HistoryTableExists(db);
  if (!exists) return exists.error();
  if (!*exists && !o.dry_run)
    if (Status s = EnsureHistoryTable(db); !s.ok()) return s.error();

  std::vector<AppliedMigration> applied;
  if (*exists || !o.dry_run) {
    auto rows = ReadHistory(db);
    if (!rows) return rows.error();
    applied = std::move(*rows);
  }
  if (auto problems = VerifyApplied(plan, applied); !problems.empty())
    return Problems("cannot baseline: the applied migrations do not match the files:", problems,
                    ExitCode::kUserError);
  std::set<std::string> revisions;
  for (const auto& row : applied) {
    if (!row.complete())
      return MakeError(
          fmt::format("cannot baseline: {} is unfinished on {}; finish it first (`alab migrate` "
                      "or `alab rollback`)",
                      row.file.empty() ? "revision " + row.revision : row.file, result.database),
          ExitCode::kUserError);
    revisions.insert(row.revision);
  }
  if (Status s = CheckLockFile(cfg, applied, out); !s.ok()) return s.error();

  std::vector<const PlannedMigration*> targets;
  for (size_t i = 0; i < end; ++i) {
    const PlannedMigration& pm = plan.ordered[i];
    if (revisions.insert(pm.migration->revision).second) targets.push_back(&pm);
  }
  if (targets.empty()) return result;  // everything up to the target is recorded already

  auto differences = o.compare(db, revisions);
  if (!differences) return differences.error();
  if (!differences->empty()) {
    std::vector<std::string> lines = *differences;
    lines.push_back(
        "(nothing was recorded; `alab diff --from migrations --to db` shows the differences as "
        "operations: fix the migrations or the database, then run `alab baseline` again)");
    return Problems(fmt::format("cannot baseline: {} does not match the migrations up to {} ({} "
                                "difference{}):",
                                result.database, targets.back()->migration->revision,
                                differences->size(), differences->size() == 1 ? "" : "s"),
                    lines, ExitCode::kUserError);
  }
  for (const auto* pm : targets) {
    result.recorded.push_back(pm->migration->file);
    if (std::string w = Unverifiable(*pm); !w.empty()) result.warnings.push_back(w);
  }
  for (const auto& w : result.warnings) out.warn("warning: " + w);
  if (o.dry_run) return result;

  for (const auto* pm : targets) {
    AppliedMigration row = RowFor(*pm);
    row.statements_done = row.statements_total;
    row.exec_time_ms = 0;
    if (Status s = InsertHistory(db, row); !s.ok()) return s.error();
  }
  if (Status s = db.Commit(); !s.ok()) return s.error().WithContext("committing");
  held.open = false;
  held.lock.Release();
  if (Status s = WriteLockFile(cfg.root, cfg.migrations_dir); !s.ok())
    return s.error().WithContext("writing alab.lock");
  return result;
}

}  // namespace alab::runner
