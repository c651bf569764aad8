#pragma once
// Test helpers for the runner's database tests (defined in testkit_test.cc, so they are
// compiled into the test binary only).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "dialect/connection.h"
#include "runner/executor.h"
#include "test_dialects.h"
#include "test_support.h"

namespace alab::runner::testkit {

// A project folder with migrations/ and a database for one dialect. For PostgreSQL the
// database is fresh; url is empty when no server is available.
struct Project {
  std::unique_ptr<testing::DialectInUse> in_use;  // a test dialect stays registered meanwhile
  std::unique_ptr<testing::TempDir> dir;
  config::Config cfg;
  void WriteMigration(const std::string& name, const std::string& text) const;
};
Project MakeProject(const std::string& dialect, const std::string& name_hint);
// Writes alab.yaml (dialect + url) so the built binary can run in the folder.
void WriteAlabYaml(const Project& p);

std::unique_ptr<dialect::Connection> ConnectOrDie(const config::Config& cfg);

// The database's own catalog as text: SQLite PRAGMA table_info/index_list/index_info/
// foreign_key_list (+ CHECK clauses from the stored CREATE TABLE text); PostgreSQL
// information_schema.columns + pg_indexes + pg_constraint. alab_migrations is left out.
std::string CatalogSnapshot(dialect::Connection& conn);

// Every row of `sql` as "a|b|c" lines (NULL as \N).
std::string RowsText(dialect::Connection& conn, const std::string& sql);

// Plans the project's migrations; fails the test on errors.
std::unique_ptr<Plan> PlanOrDie(const config::Config& cfg);

// Collects Output lines.
struct Captured {
  std::string info, warn;
  Output output();
};

}  // namespace alab::runner::testkit
