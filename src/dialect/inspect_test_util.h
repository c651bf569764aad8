#pragma once
// Test helpers for introspection: open a fresh database of a dialect, apply the SQL that
// turns one IR into another (diff -> RenderAll), run plain SQL files.
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "base/strings.h"
#include "dialect/connection.h"
#include "dialect/dialect.h"
#include "dialect/inspect_sql.h"
#include "diff/diff.h"
#include "test_support.h"

namespace alab::dialect::testing {

// A fresh database: a file in `dir` for SQLite, a new database on the test server for
// PostgreSQL (the caller checks ALAB_REQUIRE_PG first).
inline std::unique_ptr<Connection> OpenFresh(const std::string& dialect,
                                             const alab::testing::TempDir& dir,
                                             const std::string& hint) {
  std::string url =
      dialect == "sqlite" ? (dir / (hint + ".db")).string() : alab::testing::CreatePgDatabase(hint);
  auto c = GetDialect(dialect).Connect(url);
  if (!c) {
    ADD_FAILURE() << c.error().message;
    return nullptr;
  }
  return std::move(*c);
}

// Runs statements in one transaction (foreign keys off around it when a rebuild needs it).
inline Status ExecStatements(Connection& conn, const std::vector<Statement>& stmts) {
  bool fk_off = false;
  for (const auto& s : stmts) fk_off = fk_off || s.needs_foreign_keys_off;
  if (fk_off && conn.dialect().name() == "sqlite") {
    if (Status st = conn.Exec("PRAGMA foreign_keys = OFF"); !st) return st;
  }
  if (Status st = conn.Begin(); !st) return st;
  for (const auto& s : stmts) {
    if (Status st = conn.Exec(s.sql); !st) {
      (void)conn.Rollback();
      if (fk_off && conn.dialect().name() == "sqlite") (void)conn.Exec("PRAGMA foreign_keys = ON");
      return st.error().WithContext(s.sql);
    }
  }
  if (fk_off && conn.dialect().name() == "sqlite") {
    auto bad = conn.Query("PRAGMA foreign_key_check");
    if (bad && !bad->rows.empty()) {
      (void)conn.Rollback();
      return MakeError("foreign_key_check failed");
    }
  }
  if (Status st = conn.Commit(); !st) return st;
  if (fk_off && conn.dialect().name() == "sqlite") return conn.Exec("PRAGMA foreign_keys = ON");
  return Status::Ok();
}

// Applies the migration from `from` to `to` (as `alab migrate` would) to conn.
inline Status ApplyDiff(Connection& conn, const schema::Schema& from, const schema::Schema& to) {
  const Dialect* d = &conn.dialect();
  auto stmts = RenderAll(*d, diff::Diff(from, to, {}), from);
  if (!stmts) return stmts.error();
  return ExecStatements(conn, *stmts);
}

// Runs a file of plain SQL statements separated by ';' at top level.
inline Status ExecScript(Connection& conn, const std::string& sql) {
  for (const auto& stmt : SplitTopLevel(sql, ';')) {
    if (Trim(stmt).empty()) continue;
    if (Status st = conn.Exec(stmt); !st) return st.error().WithContext(stmt);
  }
  return Status::Ok();
}

}  // namespace alab::dialect::testing
