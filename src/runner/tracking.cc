#include "runner/tracking.h"

#include <charconv>
#include <ctime>

#include <fmt/format.h>

namespace alab::runner {
namespace {

// $n works on both dialects (SQLite reads $1 as parameter 1).
constexpr const char* kColumns =
    "revision, description, checksum, sql_checksum, applied_at, exec_time_ms, applied_order, file, "
    "file_checksum, statements_done, statements_total";

// A tracking value that is not an integer is an error naming its row and column: read as 0 it
// would make a half-applied migration look complete.
Expected<long long> ToInt(const std::optional<std::string>& v, const char* table,
                          const std::string& revision, const char* column) {
  long long n = 0;
  if (v) {
    const char* end = v->data() + v->size();
    auto [ptr, ec] = std::from_chars(v->data(), end, n);
    if (ec == std::errc() && ptr == end && !v->empty()) return n;
  }
  return MakeError(fmt::format("{}: revision {}: {} is {}, not an integer", table, revision, column,
                               v ? "'" + *v + "'" : std::string("NULL")));
}

Expected<std::vector<AppliedMigration>> ToRows(const dialect::QueryResult& r) {
  std::vector<AppliedMigration> out;
  for (const auto& row : r.rows) {
    auto s = [&](size_t i) { return row.at(i).value_or(""); };
    AppliedMigration a;
    a.revision = s(0);
    a.description = s(1);
    a.checksum = s(2);
    a.sql_checksum = s(3);
    a.applied_at = s(4);
    a.file = s(7);
    a.file_checksum = s(8);
    struct IntColumn {
      size_t index;
      const char* name;
      long long* field;
    };
    for (const IntColumn& c : {IntColumn{5, "exec_time_ms", &a.exec_time_ms},
                               IntColumn{6, "applied_order", &a.applied_order},
                               IntColumn{9, "statements_done", &a.statements_done},
                               IntColumn{10, "statements_total", &a.statements_total}}) {
      auto n = ToInt(row.at(c.index), kHistoryTable, a.revision, c.name);
      if (!n.ok()) return n.error();
      *c.field = *n;
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

Status EnsureHistoryTable(dialect::Connection& conn) {
  std::string sql = fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (\n"
      "  revision TEXT PRIMARY KEY,\n"
      "  description TEXT NOT NULL DEFAULT '',\n"
      "  checksum TEXT NOT NULL,\n"
      "  sql_checksum TEXT NOT NULL,\n"
      "  applied_at TEXT NOT NULL,\n"
      "  exec_time_ms BIGINT NOT NULL DEFAULT 0,\n"
      "  applied_order BIGINT NOT NULL UNIQUE,\n"
      "  file TEXT NOT NULL DEFAULT '',\n"
      "  file_checksum TEXT NOT NULL DEFAULT '',\n"
      "  statements_done BIGINT NOT NULL DEFAULT 0,\n"
      "  statements_total BIGINT NOT NULL DEFAULT 0\n"
      ")",
      kHistoryTable);
  if (Status s = conn.Exec(sql); !s.ok())
    return s.error().WithContext(std::string("creating ") + kHistoryTable);
  return Status::Ok();
}

namespace {

Expected<bool> TableExists(dialect::Connection& conn, const char* table) {
  auto r = conn.HasTable(table);
  if (!r.ok()) return r.error().WithContext(std::string("reading ") + table);
  return *r;
}

// Marks rows whose stepwise rollback is under way.
Status MarkRollingBack(dialect::Connection& conn, std::vector<AppliedMigration>& rows) {
  if (rows.empty()) return Status::Ok();
  auto exists = TableExists(conn, kStepsTable);
  if (!exists.ok()) return exists.error();
  if (!*exists) return Status::Ok();
  auto r = conn.Query(
      fmt::format("SELECT DISTINCT revision FROM {} WHERE direction = 'down'", kStepsTable));
  if (!r.ok()) return r.error().WithContext(std::string("reading ") + kStepsTable);
  for (const auto& rr : r->rows) {
    for (auto& row : rows) {
      if (row.revision == rr[0].value_or("")) row.rolling_back = true;
    }
  }
  return Status::Ok();
}

}  // namespace

Expected<bool> HistoryTableExists(dialect::Connection& conn) {
  return TableExists(conn, kHistoryTable);
}

Expected<std::vector<AppliedMigration>> ReadHistory(dialect::Connection& conn) {
  auto exists = HistoryTableExists(conn);
  if (!exists.ok()) return exists.error();
  if (!*exists) return std::vector<AppliedMigration>{};
  auto r =
      conn.Query(fmt::format("SELECT {} FROM {} ORDER BY applied_order", kColumns, kHistoryTable));
  if (!r.ok()) return r.error().WithContext(std::string("reading ") + kHistoryTable);
  auto rows = ToRows(*r);
  if (!rows.ok()) return rows.error();
  if (Status s = MarkRollingBack(conn, *rows); !s.ok()) return s.error();
  return rows;
}

Expected<std::vector<AppliedMigration>> ReadHistoryRow(dialect::Connection& conn,
                                                       const std::string& revision) {
  auto r = conn.Query(fmt::format("SELECT {} FROM {} WHERE revision = $1", kColumns, kHistoryTable),
                      {revision});
  if (!r.ok()) return r.error().WithContext(std::string("reading ") + kHistoryTable);
  auto rows = ToRows(*r);
  if (!rows.ok()) return rows.error();
  if (Status s = MarkRollingBack(conn, *rows); !s.ok()) return s.error();
  return rows;
}

Status InsertHistory(dialect::Connection& conn, const AppliedMigration& row) {
  auto r =
      conn.Query(fmt::format("INSERT INTO {0} ({1}) SELECT $1, $2, $3, $4, $5, CAST($6 AS BIGINT), "
                             "COALESCE(MAX(applied_order), 0) + 1, $7, $8, CAST($9 AS BIGINT), "
                             "CAST($10 AS BIGINT) FROM {0}",
                             kHistoryTable, kColumns),
                 {row.revision, row.description, row.checksum, row.sql_checksum, row.applied_at,
                  std::to_string(row.exec_time_ms), row.file, row.file_checksum,
                  std::to_string(row.statements_done), std::to_string(row.statements_total)});
  if (!r.ok())
    return r.error().WithContext(std::string("recording the migration in ") + kHistoryTable);
  return Status::Ok();
}

Status UpdateProgress(dialect::Connection& conn, const std::string& revision,
                      long long statements_done, long long exec_time_ms) {
  auto r = conn.Query(
      fmt::format(
          "UPDATE {} SET statements_done = CAST($1 AS BIGINT), exec_time_ms = CAST($2 AS BIGINT) "
          "WHERE revision = $3",
          kHistoryTable),
      {std::to_string(statements_done), std::to_string(exec_time_ms), revision});
  if (!r.ok()) return r.error().WithContext(std::string("recording progress in ") + kHistoryTable);
  return Status::Ok();
}

Status DeleteHistory(dialect::Connection& conn, const std::string& revision) {
  auto r = conn.Query(fmt::format("DELETE FROM {} WHERE revision = $1", kHistoryTable), {revision});
  if (!r.ok())
    return r.error().WithContext(std::string("removing the migration from ") + kHistoryTable);
  return Status::Ok();
}

Status CompleteHistory(dialect::Connection& conn, const AppliedMigration& row) {
  auto r = conn.Query(
      fmt::format("UPDATE {} SET checksum = $1, file_checksum = $2, sql_checksum = $3, "
                  "statements_done = CAST($4 AS BIGINT), statements_total = CAST($4 AS BIGINT), "
                  "exec_time_ms = CAST($5 AS BIGINT) WHERE revision = $6",
                  kHistoryTable),
      {row.checksum, row.file_checksum, row.sql_checksum, std::to_string(row.statements_total),
       std::to_string(row.exec_time_ms), row.revision});
  if (!r.ok())
    return r.error().WithContext(std::string("recording the completed migration in ") +
                                 kHistoryTable);
  return Status::Ok();
}

Status EnsureStepsTable(dialect::Connection& conn) {
  std::string sql = fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (\n"
      "  revision TEXT NOT NULL,\n"
      "  direction TEXT NOT NULL,\n"
      "  step BIGINT NOT NULL,\n"
      "  state TEXT NOT NULL,\n"
      "  sql_checksum TEXT NOT NULL,\n"
      "  sql TEXT NOT NULL,\n"
      "  updated_at TEXT NOT NULL,\n"
      "  PRIMARY KEY (revision, direction, step)\n"
      ")",
      kStepsTable);
  Status s = conn.Exec(sql);
  if (!s.ok()) s = conn.Exec(sql);  // a concurrent CREATE ... IF NOT EXISTS on PostgreSQL
  if (!s.ok()) return s.error().WithContext(std::string("creating ") + kStepsTable);
  return Status::Ok();
}

Expected<std::vector<StepRecord>> ReadSteps(dialect::Connection& conn, const std::string& revision,
                                            const std::string& direction) {
  auto exists = TableExists(conn, kStepsTable);
  if (!exists.ok()) return exists.error();
  std::vector<StepRecord> out;
  if (!*exists) return out;
  auto r = conn.Query(
      fmt::format("SELECT step, state, sql_checksum, sql FROM {} WHERE revision = $1 AND "
                  "direction = $2 ORDER BY step",
                  kStepsTable),
      {revision, direction});
  if (!r.ok()) return r.error().WithContext(std::string("reading ") + kStepsTable);
  for (const auto& row : r->rows) {
    StepRecord s;
    auto step = ToInt(row.at(0), kStepsTable, revision, "step");
    if (!step.ok()) return step.error();
    s.step = *step;
    s.state = row.at(1).value_or("");
    s.sql_checksum = row.at(2).value_or("");
    s.sql = row.at(3).value_or("");
    out.push_back(std::move(s));
  }
  return out;
}

Status RecordStep(dialect::Connection& conn, const std::string& revision,
                  const std::string& direction, const StepRecord& step) {
  auto r = conn.Query(
      fmt::format(
          "INSERT INTO {} (revision, direction, step, state, sql_checksum, sql, updated_at) "
          "VALUES ($1, $2, CAST($3 AS BIGINT), $4, $5, $6, $7) "
          "ON CONFLICT (revision, direction, step) DO UPDATE SET state = excluded.state, "
          "sql_checksum = excluded.sql_checksum, sql = excluded.sql, "
          "updated_at = excluded.updated_at",
          kStepsTable),
      {revision, direction, std::to_string(step.step), step.state, step.sql_checksum, step.sql,
       UtcNow()});
  if (!r.ok()) return r.error().WithContext(std::string("recording progress in ") + kStepsTable);
  return Status::Ok();
}

Status DeleteSteps(dialect::Connection& conn, const std::string& revision) {
  auto exists = TableExists(conn, kStepsTable);
  if (!exists.ok()) return exists.error();
  if (!*exists) return Status::Ok();
  auto r = conn.Query(fmt::format("DELETE FROM {} WHERE revision = $1", kStepsTable), {revision});
  if (!r.ok()) return r.error().WithContext(std::string("removing progress from ") + kStepsTable);
  return Status::Ok();
}

std::string UtcNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace alab::runner
