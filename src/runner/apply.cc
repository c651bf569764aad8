#include "runner/apply.h"

#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "base/strings.h"
#include "dialect/dialect.h"
#include "runner/apply_detail.h"
#include "runner/executor.h"
#include "runner/tracking.h"

namespace alab::runner {

long long MsSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

namespace {

std::string Basename(const std::string& file) {
  return std::filesystem::path(file).filename().string();
}

}  // namespace

Error StatementError(const PlannedMigration& pm, bool down, size_t index,
                     const dialect::Statement& s, const Error& db) {
  const auto& m = *pm.migration;
  std::string where = s.loc.known() ? s.loc.ToString() : m.file;
  return MakeError(
      fmt::format("{}: {} {}: statement {} ({}): {}", where, down ? "rolling back" : "applying",
                  Basename(m.file), index + 1, ShortSql(s.sql), db.message),
      ExitCode::kIo);
}

AppliedMigration RowFor(const PlannedMigration& pm) {
  AppliedMigration row;
  row.revision = pm.migration->revision;
  row.description = pm.migration->description;
  row.checksum = pm.checksum;
  row.sql_checksum = pm.sql_checksum;
  row.applied_at = UtcNow();
  row.file = pm.migration->file;
  row.file_checksum = pm.file_checksum;
  row.statements_total = static_cast<long long>(pm.up.size());
  return row;
}

// Undoes an open transaction and restores foreign keys; returns `e` for chaining.
Error Abort(dialect::Connection& conn, bool fk_off, Error e) {
  (void)conn.Rollback();
  if (fk_off) (void)conn.Exec(conn.dialect().ForeignKeysOffFrame().on);
  return e;
}

Status ForeignKeysOff(dialect::Connection& conn) {
  return conn.Exec(conn.dialect().ForeignKeysOffFrame().off);
}
void ForeignKeysOn(dialect::Connection& conn) {
  (void)conn.Exec(conn.dialect().ForeignKeysOffFrame().on);
}

Status ForeignKeyCheck(dialect::Connection& conn, const PlannedMigration& pm) {
  auto r = conn.Query(conn.dialect().ForeignKeysOffFrame().check);
  if (!r.ok()) return r.error();
  if (r->rows.empty()) return Status::Ok();
  std::vector<std::string> v;
  for (size_t i = 0; i < r->rows.size() && i < 5; ++i) {
    const auto& row = r->rows[i];
    v.push_back(fmt::format("{} row {} references missing {}", row.at(0).value_or("?"),
                            row.at(1).value_or("?"), row.at(2).value_or("?")));
  }
  return MakeError(
      fmt::format("{}: foreign key check failed after the table rebuild ({} violation{}: {}{})",
                  pm.migration->file, r->rows.size(), r->rows.size() == 1 ? "" : "s", Join(v, "; "),
                  r->rows.size() > 5 ? "; ..." : ""),
      ExitCode::kIo);
}

// One statement with the connection's rebuild frame around a table rebuild's first and last
// statements (dialect::Statement::rebuild_table / rebuild_last).
Status ExecFramed(dialect::Connection& conn, const dialect::Statement& s) {
  if (!s.rebuild_table.empty()) {
    if (Status st = conn.BeginRebuild(s); !st.ok()) return st;
  }
  if (Status st = conn.Exec(s.sql); !st.ok()) return st;
  if (s.rebuild_last) return conn.EndRebuild(s);
  return Status::Ok();
}

namespace {

// Is the migration's row present (and how far did it get)? The caller has created the
// tracking table before.
Expected<std::vector<AppliedMigration>> RowOf(dialect::Connection& conn,
                                              const std::string& revision) {
  return ReadHistoryRow(conn, revision);
}

// Rollback: is pm the last migration applied (read inside the caller's transaction)?
Expected<bool> IsLastApplied(dialect::Connection& conn, const PlannedMigration& pm) {
  auto rows = ReadHistory(conn);
  if (!rows.ok()) return rows.error();
  return !rows->empty() && rows->back().revision == pm.migration->revision;
}

Expected<ApplyOutcome> ApplyTransactional(dialect::Connection& conn, const PlannedMigration& pm,
                                          bool down, bool only_if_last) {
  const auto& stmts = down ? pm.down : pm.up;
  bool fk_off = !conn.dialect().ForeignKeysOffFrame().empty() && pm.needs_foreign_keys_off(down);
  auto start = Clock::now();
  if (fk_off) {
    if (Status s = ForeignKeysOff(conn); !s.ok()) return s.error();
  }
  if (Status s = conn.Begin(); !s.ok())
    return Abort(conn, fk_off, s.error().WithContext("starting the transaction"));
  // Re-read inside the transaction (under the write lock on SQLite): another process may
  // have applied (or removed) this migration meanwhile.
  auto existing = RowOf(conn, pm.migration->revision);
  if (!existing.ok()) return Abort(conn, fk_off, existing.error());
  if (down && only_if_last) {
    auto last = IsLastApplied(conn, pm);
    if (!last.ok()) return Abort(conn, fk_off, last.error());
    if (!*last) {
      (void)Abort(conn, fk_off, Error{});
      return ApplyOutcome::kNotLast;
    }
  }
  if (existing->empty() == down) {
    (void)Abort(conn, fk_off, Error{});
    return ApplyOutcome::kAlreadyDone;
  }
  if (!down && !pm.migration->down_revisions.empty()) {
    // Its parents must be applied, read under the lock: a rollback may have removed one since
    // the caller chose what is pending.
    auto rows = ReadHistory(conn);
    if (!rows.ok()) return Abort(conn, fk_off, rows.error());
    for (const auto& parent : pm.migration->down_revisions) {
      bool found = false;
      for (const auto& row : *rows) found = found || (row.revision == parent && row.complete());
      if (!found) {
        (void)Abort(conn, fk_off, Error{});
        return ApplyOutcome::kNotLast;
      }
    }
  }
  for (size_t i = 0; i < stmts.size(); ++i) {
    if (Status s = ExecFramed(conn, stmts[i]); !s.ok()) {
      return Abort(conn, fk_off, StatementError(pm, down, i, stmts[i], s.error()));
    }
  }
  if (fk_off) {
    if (Status s = ForeignKeyCheck(conn, pm); !s.ok()) return Abort(conn, fk_off, s.error());
  }
  // A statement of the migration ended alab's transaction (the load refuses COMMIT, ROLLBACK
  // and the like; this catches what it cannot see): what ran after it is not undone by a
  // rollback, so the migration is not recorded and the user is told.
  if (!conn.InTransaction()) {
    return Abort(
        conn, fk_off,
        MakeError(
            fmt::format(
                "{}: a statement ended the migration's transaction before alab could record "
                "it; {} is not recorded, and statements after that point may have been applied "
                "on their own: check the database, remove the transaction control from the "
                "file (or use transaction: false) and run migrate again",
                pm.migration->file, pm.migration->revision),
            ExitCode::kIo));
  }
  Status rec = Status::Ok();
  if (down) {
    rec = DeleteHistory(conn, pm.migration->revision);
  } else {
    AppliedMigration row = RowFor(pm);
    row.statements_done = row.statements_total;
    row.exec_time_ms = MsSince(start);
    rec = InsertHistory(conn, row);
  }
  if (!rec.ok()) return Abort(conn, fk_off, rec.error());
  if (Status s = conn.Commit(); !s.ok())
    return Abort(conn, fk_off, s.error().WithContext("committing"));
  if (fk_off) ForeignKeysOn(conn);
  return ApplyOutcome::kApplied;
}

}  // namespace

std::string ShortSql(const std::string& sql) {
  std::string one;
  bool space = false;
  for (char c : sql) {
    if (c == '\n' || c == '\t' || c == ' ' || c == '\r') {
      space = !one.empty();
      continue;
    }
    if (space) one += ' ';
    space = false;
    one += c;
  }
  if (one.size() > 72) one = one.substr(0, 69) + "...";
  return one;
}

Expected<ApplyOutcome> RecordBaseline(dialect::Connection& conn, const PlannedMigration& pm) {
  if (Status s = conn.Begin(); !s.ok()) return s.error().WithContext("starting the transaction");
  auto existing = RowOf(conn, pm.migration->revision);
  if (!existing.ok() || !existing->empty()) {
    (void)conn.Rollback();
    if (!existing.ok()) return existing.error();
    return ApplyOutcome::kAlreadyDone;
  }
  // The caller checked the fit outside the write lock; a rollback may have run since.
  auto history = ReadHistory(conn);
  if (!history.ok() || FitBaseline(*pm.migration, *history) != BaselineFit::kRanReplaced) {
    (void)conn.Rollback();
    if (!history.ok()) return history.error();
    const auto& m = *pm.migration;
    return MakeError(
        fmt::format(
            "{}: not recorded: the database no longer has every revision it replaces "
            "({}..{}) applied (another process rolled one back meanwhile); run `alab migrate`",
            m.file, m.replaces.front(), m.replaces.back()),
        ExitCode::kUserError);
  }
  AppliedMigration row = RowFor(pm);
  row.statements_done = row.statements_total;
  if (Status s = InsertHistory(conn, row); !s.ok()) {
    (void)conn.Rollback();
    return s.error();
  }
  if (Status s = conn.Commit(); !s.ok()) {
    (void)conn.Rollback();
    return s.error().WithContext("committing");
  }
  return ApplyOutcome::kApplied;
}

Expected<ApplyOutcome> ApplyMigration(dialect::Connection& conn, const PlannedMigration& pm,
                                      bool down, const StepOptions& steps) {
  if (down && !pm.down_error.empty() && !steps.down)
    return MakeError(pm.down_error, ExitCode::kUserError);
  if (pm.migration->transactional) return ApplyTransactional(conn, pm, down, steps.only_if_last);
  return down ? RemoveStepwise(conn, pm, steps.down ? *steps.down : pm.down, steps)
              : ApplyStepwise(conn, pm, steps);
}

}  // namespace alab::runner
