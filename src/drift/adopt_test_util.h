#pragma once
// Helpers of the adoption tests (adopt_test.cc, adopt_corpus_test.cc): connections, plain
// queries, a project of a dialect, and each database's own description of its catalog
// (pg_catalog, pragmas; never alab's IR), so two databases can be compared.
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "dialect/connection.h"
#include "dialect/dialect.h"
#include "test_support.h"

namespace alab::drift::adopt_testing {

inline std::unique_ptr<dialect::Connection> Connect(const std::string& dialect,
                                                    const std::string& url) {
  auto conn = dialect::GetDialect(dialect).Connect(url);
  EXPECT_TRUE(conn.ok()) << conn.error().message;
  return conn.ok() ? std::move(*conn) : nullptr;
}

inline void Exec(dialect::Connection& conn, const std::string& sql) {
  auto st = conn.Exec(sql);
  ASSERT_TRUE(st.ok()) << sql << "\n" << st.error().message;
}

// Each row as its fields joined by " | " (NULL spelled out).
inline std::vector<std::string> Lines(dialect::Connection& conn, const std::string& sql) {
  std::vector<std::string> out;
  auto rows = conn.Query(sql);
  EXPECT_TRUE(rows.ok()) << sql << "\n" << (rows.ok() ? "" : rows.error().message);
  if (!rows.ok()) return out;
  for (const auto& r : rows->rows) {
    std::string line;
    for (const auto& f : r) line += (line.empty() ? "" : " | ") + f.value_or("NULL");
    out.push_back(line);
  }
  return out;
}

// `alab init -q` in dir, with alab.yaml's dialect set.
inline void InitProject(const alab::testing::TempDir& dir, const std::string& dialect) {
  ASSERT_EQ(alab::testing::RunAlab({"init", "-q"}, dir.path()).exit_code, 0);
  std::string cfg = dir.Read("alab.yaml");
  auto at = cfg.find("dialect: sqlite");
  ASSERT_NE(at, std::string::npos);
  cfg.replace(at, 15, "dialect: " + dialect);
  dir.Write("alab.yaml", cfg);
}

// kByName leaves the column order out: a column a migration adds comes last in any database.
enum class ColumnOrder { kAsDeclared, kByName };

// PostgreSQL's own description of every user table of `public` (alab's tracking tables left
// out): columns with type, NOT NULL, default, identity and generation; constraints and indexes
// by name with their definitions; sequences; the enum types.
inline std::vector<std::string> PgCatalog(dialect::Connection& conn,
                                          ColumnOrder order = ColumnOrder::kAsDeclared) {
  std::vector<std::string> out;
  auto add = [&](const std::string& sql) {
    for (auto& l : Lines(conn, sql)) out.push_back(std::move(l));
  };
  const std::string user_tables =
      "c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname NOT LIKE "
      "'alab\\_%'";
  add(fmt::format(
      "SELECT c.relname, {}, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
      "pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated FROM pg_class c JOIN "
      "pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped LEFT JOIN "
      "pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum WHERE {} ORDER BY 1, 2, 3",
      order == ColumnOrder::kAsDeclared ? "a.attnum" : "0", user_tables));
  add("SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
      "JOIN pg_class c ON c.oid = con.conrelid WHERE " +
      user_tables + " ORDER BY 1, 2");
  add("SELECT c.relname, i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class c ON "
      "c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid WHERE " +
      user_tables + " ORDER BY 1, 2");
  add("SELECT relname FROM pg_class WHERE relkind = 'S' AND relnamespace = "
      "'public'::regnamespace ORDER BY 1");
  add("SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_type t "
      "JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY 1 ORDER BY 1");
  return out;
}

// SQLite's pragmas for every user table: columns (with hidden, for generated ones), indexes
// with their columns, direction and collation, foreign keys.
inline std::vector<std::string> SqliteCatalog(dialect::Connection& conn,
                                              ColumnOrder order = ColumnOrder::kAsDeclared) {
  std::vector<std::string> out;
  auto add = [&](const std::string& sql) {
    for (auto& l : Lines(conn, sql)) out.push_back(std::move(l));
  };
  for (const std::string& t :
       Lines(conn,
             "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
             "'alab\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1")) {
    add(
        fmt::format("SELECT '{0}', {1}, name, type, \"notnull\", dflt_value, pk, hidden FROM "
                    "pragma_table_xinfo('{0}') ORDER BY 2, name",
                    t, order == ColumnOrder::kAsDeclared ? "cid" : "0"));
    add(
        fmt::format("SELECT '{0}', l.\"unique\", l.partial, i.seqno, i.name, i.\"desc\", i.coll "
                    "FROM pragma_index_list('{0}') l, pragma_index_xinfo(l.name) i WHERE i.key "
                    "ORDER BY l.name, i.seqno",
                    t));
    add(
        fmt::format("SELECT '{0}', \"table\", \"from\", \"to\", on_update, on_delete FROM "
                    "pragma_foreign_key_list('{0}') ORDER BY \"from\", \"to\"",
                    t));
  }
  return out;
}

// A database under test, as the adoption tests need it: its catalog, how to empty it, and
// whether it is a server (created with CreatePgDatabase) or a file.
struct DatabaseKind {
  std::string dialect;
  std::vector<std::string> (*catalog)(dialect::Connection&, ColumnOrder);
  void (*reset)(dialect::Connection&);
  bool server;
};

inline void ResetPg(dialect::Connection& conn) {
  Exec(conn, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
}

inline void ResetSqlite(dialect::Connection& conn) {
  Exec(conn, "PRAGMA foreign_keys = OFF");
  for (const std::string& t :
       Lines(conn,
             "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
             "'sqlite\\_%' ESCAPE '\\'"))
    Exec(conn, "DROP TABLE \"" + t + "\"");
}

inline const DatabaseKind& PostgresKind() {
  static const DatabaseKind k{"postgres", &PgCatalog, &ResetPg, true};
  return k;
}

inline const DatabaseKind& SqliteKind() {
  static const DatabaseKind k{"sqlite", &SqliteCatalog, &ResetSqlite, false};
  return k;
}

// A fresh database of `kind`: a new database on the test server, or `file` in dir.
inline std::string NewDatabase(const DatabaseKind& kind, const alab::testing::TempDir& dir,
                               const std::string& name) {
  return kind.server ? alab::testing::CreatePgDatabase(name) : (dir / (name + ".db")).string();
}

}  // namespace alab::drift::adopt_testing
