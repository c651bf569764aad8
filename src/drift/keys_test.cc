// Keys as the database has them, beyond pull: a composite key's order (`.primary_key(n)`,
// set_key_place) and DEFERRABLE foreign keys, on real databases, asserting on catalogs and
// rows; and the destroy guard counting a table under the name it has before the run.
#include <filesystem>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/strings.h"
#include "drift/adopt_test_util.h"
#include "test_support.h"

namespace alab::drift {
namespace {

using alab::testing::RunAlab;
using alab::testing::RunResult;
using alab::testing::TempDir;

using adopt_testing::Connect;
using adopt_testing::Exec;
using adopt_testing::InitProject;
using adopt_testing::Lines;
using adopt_testing::PgCatalog;
using adopt_testing::SqliteCatalog;

class Keys : public ::testing::Test {
 protected:
  RunResult Alab(const std::string& url, std::vector<std::string> args) {
    args.insert(args.begin(), {"--no-color", "--database-url", url});
    return RunAlab(args, dir_.path());
  }
  void Init(const std::string& dialect) { InitProject(dir_, dialect); }
  TempDir dir_;
};

// A composite key out of column order keeps its order: pull gives each key column its place,
// a new database gets the same key (and a foreign key to it), another order in the database
// is drift, and PostgreSQL refuses to change a key's order (nothing changes) where SQLite
// rebuilds the table with its rows.
TEST_F(Keys, KeyOutOfColumnOrderIsKeptOnPostgres) {
  ALAB_REQUIRE_PG();
  const std::string live = alab::testing::CreatePgDatabase("adopt_keyorder");
  const std::string fresh = alab::testing::CreatePgDatabase("adopt_keyorder_fresh");
  auto db = Connect("postgres", live);
  ASSERT_NE(db, nullptr);
  Exec(*db,
       "CREATE TABLE k (a integer, b integer, c text, PRIMARY KEY (c, a, b)); CREATE TABLE "
       "child (x integer, y integer, z text, FOREIGN KEY (z, x, y) REFERENCES k (c, a, b)); "
       "INSERT INTO k VALUES (1, 2, 'x')");
  Init("postgres");
  RunResult p = Alab(live, {"pull"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_EQ(p.err.find("primary key"), std::string::npos) << p.err;
  const std::string k = dir_.Read("schemas/k.js");
  for (const char* want : {"a: col.integer().primary_key(2)", "b: col.integer().primary_key(3)",
                           "c: col.text().primary_key(1)"})
    EXPECT_NE(k.find(want), std::string::npos) << want << "\n" << k;
  EXPECT_EQ(Alab(live, {"diff", "--from", "schemas", "--to", "db"}).out, "no changes\n");
  ASSERT_EQ(Alab(live, {"new", "initial"}).exit_code, 0);
  auto f = Connect("postgres", fresh);
  ASSERT_NE(f, nullptr);
  RunResult m = Alab(fresh, {"migrate", "--yes"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  EXPECT_EQ(PgCatalog(*db), PgCatalog(*f));
  ASSERT_EQ(Alab(live, {"baseline", "--yes"}).exit_code, 0);

  // Another order: drift, and a migration to it stops before anything changes.
  std::string swapped = k;
  swapped.replace(swapped.find(".primary_key(2)"), 15, ".primary_key(9)");
  swapped.replace(swapped.find(".primary_key(3)"), 15, ".primary_key(2)");
  swapped.replace(swapped.find(".primary_key(9)"), 15, ".primary_key(3)");
  dir_.Write("schemas/k.js", swapped);
  RunResult d = Alab(live, {"diff", "--from", "schemas", "--to", "db"});
  EXPECT_NE(d.out.find("a integer PRIMARY KEY (place 3) NOT NULL -> a integer PRIMARY KEY "
                       "(place 2) NOT NULL"),
            std::string::npos)
      << d.out << d.err;
  ASSERT_EQ(Alab(live, {"new", "swap", "--yes"}).exit_code, 0);
  const auto before = PgCatalog(*db);
  RunResult refused = Alab(live, {"migrate", "--yes"});
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("changing the column order of the primary key of k"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(PgCatalog(*db), before);
  EXPECT_EQ(Lines(*db, "SELECT a, b, c FROM k"), std::vector<std::string>{"1 | 2 | x"});

  // Places that are not 1..n once each are refused at the column's line.
  std::string bad = k;
  bad.replace(bad.find(".primary_key(2)"), 15, ".primary_key(1)");
  dir_.Write("schemas/k.js", bad);
  RunResult v = Alab(live, {"diff", "--from", "schemas", "--to", "db"});
  EXPECT_NE(v.exit_code, 0);
  EXPECT_NE(v.err.find("schemas/k.js:"), std::string::npos) << v.err;
  EXPECT_NE(v.err.find("the places are 1 to 3, once each"), std::string::npos) << v.err;
}

TEST_F(Keys, KeyOutOfColumnOrderIsKeptOnSqlite) {
  const std::string live = (dir_ / "live.db").string();
  const std::string fresh = (dir_ / "fresh.db").string();
  auto db = Connect("sqlite", live);
  ASSERT_NE(db, nullptr);
  Exec(*db,
       "CREATE TABLE k (a INTEGER NOT NULL, b TEXT NOT NULL, v TEXT, PRIMARY KEY (b, a)); "
       "INSERT INTO k VALUES (1, 'x', 'one'), (2, 'x', 'two')");
  Init("sqlite");
  RunResult p = Alab(live, {"pull"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_EQ(p.err.find("primary key"), std::string::npos) << p.err;
  const std::string k = dir_.Read("schemas/k.js");
  EXPECT_NE(k.find(".primary_key(2)"), std::string::npos) << k;
  EXPECT_EQ(Alab(live, {"diff", "--from", "schemas", "--to", "db"}).out, "no changes\n");
  ASSERT_EQ(Alab(live, {"new", "initial"}).exit_code, 0);
  RunResult m = Alab(fresh, {"migrate", "--yes"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  auto f = Connect("sqlite", fresh);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(SqliteCatalog(*db), SqliteCatalog(*f));
  ASSERT_EQ(Alab(live, {"baseline", "--yes"}).exit_code, 0);

  // The key in column order: the table is rebuilt with its rows, and rollback restores (b, a).
  std::string plain = k;
  for (const char* place : {".primary_key(1)", ".primary_key(2)"})
    plain.replace(plain.find(place), 15, ".primary_key()");
  dir_.Write("schemas/k.js", plain);
  ASSERT_EQ(Alab(live, {"new", "reorder", "--yes"}).exit_code, 0);
  RunResult r = Alab(live, {"migrate", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string key = "SELECT name, pk FROM pragma_table_info('k') WHERE pk > 0 ORDER BY pk";
  EXPECT_EQ(Lines(*db, key), (std::vector<std::string>{"a | 1", "b | 2"}));
  EXPECT_EQ(Lines(*db, "SELECT a, b, v FROM k ORDER BY a"),
            (std::vector<std::string>{"1 | x | one", "2 | x | two"}));
  EXPECT_EQ(Alab(live, {"diff", "--from", "schemas", "--to", "db"}).out, "no changes\n");
  RunResult back = Alab(live, {"rollback", "--yes"});
  ASSERT_EQ(back.exit_code, 0) << back.out << back.err;
  EXPECT_EQ(Lines(*db, key), (std::vector<std::string>{"b | 1", "a | 2"}));
  EXPECT_EQ(Lines(*db, "SELECT a, b, v FROM k ORDER BY a"),
            (std::vector<std::string>{"1 | x | one", "2 | x | two"}));
}

// A DEFERRABLE foreign key is pulled with its initial mode, recreated as it was (checked at
// commit: a child row may come before its parent in one transaction), and a change of mode is
// a migration that replaces the key; rollback restores it.
TEST_F(Keys, DeferrableForeignKeysOnPostgres) {
  ALAB_REQUIRE_PG();
  const std::string live = alab::testing::CreatePgDatabase("adopt_defer");
  const std::string fresh = alab::testing::CreatePgDatabase("adopt_defer_fresh");
  auto db = Connect("postgres", live);
  ASSERT_NE(db, nullptr);
  Exec(*db,
       "CREATE TABLE p (id integer PRIMARY KEY, code text UNIQUE); CREATE TABLE c (id integer "
       "PRIMARY KEY, p_id integer REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED, p_code text, "
       "CONSTRAINT c_code_fk FOREIGN KEY (p_code) REFERENCES p (code) ON DELETE CASCADE "
       "DEFERRABLE, q integer REFERENCES p (id))");
  Init("postgres");
  RunResult p = Alab(live, {"pull"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_EQ(p.err.find("DEFERRABLE"), std::string::npos) << p.err;
  const std::string c = dir_.Read("schemas/c.js");
  for (const char* want : {"deferrable: \"deferred\"", "deferrable: \"immediate\""})
    EXPECT_NE(c.find(want), std::string::npos) << want << "\n" << c;
  EXPECT_EQ(Alab(live, {"diff", "--from", "schemas", "--to", "db"}).out, "no changes\n");
  ASSERT_EQ(Alab(live, {"new", "initial"}).exit_code, 0);
  auto f = Connect("postgres", fresh);
  ASSERT_NE(f, nullptr);
  RunResult m = Alab(fresh, {"migrate", "--yes"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  EXPECT_EQ(PgCatalog(*db), PgCatalog(*f));
  // Checked at commit: the child row first.
  Exec(*f, "BEGIN; INSERT INTO c (id, p_id) VALUES (1, 7); INSERT INTO p VALUES (7, 'x'); COMMIT");
  EXPECT_EQ(Lines(*f, "SELECT id, p_id FROM c"), std::vector<std::string>{"1 | 7"});
  ASSERT_EQ(Alab(live, {"baseline", "--yes"}).exit_code, 0);

  // Another mode in the schema file is drift, and a migration that changes it.
  const std::string defs =
      "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
      "'c'::regclass AND contype = 'f' ORDER BY 1";
  const auto before = Lines(*db, defs);
  std::string changed = c;
  changed.replace(changed.find("deferrable: \"deferred\""), 22, "deferrable: \"immediate\"");
  dir_.Write("schemas/c.js", changed);
  EXPECT_NE(Alab(live, {"diff", "--from", "schemas", "--to", "db"}).out, "no changes\n");
  ASSERT_EQ(Alab(live, {"new", "immediate", "--yes"}).exit_code, 0);
  RunResult up = Alab(live, {"migrate", "--yes"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  EXPECT_NE(Join(Lines(*db, defs), "\n").find("REFERENCES p(id) DEFERRABLE\n"), std::string::npos)
      << Join(Lines(*db, defs), "\n");
  EXPECT_EQ(Alab(live, {"diff", "--from", "schemas", "--to", "db"}).out, "no changes\n");
  ASSERT_EQ(Alab(live, {"rollback", "--yes"}).exit_code, 0);
  EXPECT_EQ(Lines(*db, defs), before);

  // A mode alab does not know is refused at its line.
  dir_.Write("schemas/c.js", changed.replace(changed.find("\"immediate\""), 11, "\"later\""));
  RunResult bad = Alab(live, {"diff", "--from", "schemas", "--to", "db"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("schemas/c.js:"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("\"immediate\" or \"deferred\""), std::string::npos) << bad.err;
}

TEST_F(Keys, DeferrableForeignKeysOnSqlite) {
  const std::string live = (dir_ / "live.db").string();
  const std::string fresh = (dir_ / "fresh.db").string();
  auto db = Connect("sqlite", live);
  ASSERT_NE(db, nullptr);
  Exec(*db,
       "CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id "
       "INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED, q INTEGER REFERENCES p (id) NOT "
       "DEFERRABLE INITIALLY DEFERRED)");
  Init("sqlite");
  ASSERT_EQ(Alab(live, {"pull"}).exit_code, 0);
  const std::string c = dir_.Read("schemas/c.js");
  EXPECT_NE(c.find("deferrable: \"deferred\""), std::string::npos) << c;
  EXPECT_EQ(c.find("deferrable: \"immediate\""), std::string::npos) << c;
  EXPECT_EQ(Alab(live, {"diff", "--from", "schemas", "--to", "db"}).out, "no changes\n");
  ASSERT_EQ(Alab(live, {"new", "initial"}).exit_code, 0);
  ASSERT_EQ(Alab(fresh, {"migrate", "--yes"}).exit_code, 0);
  auto f = Connect("sqlite", fresh);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(SqliteCatalog(*db), SqliteCatalog(*f));
  Exec(*f,
       "PRAGMA foreign_keys = ON; BEGIN; INSERT INTO c (id, p_id) VALUES (1, 7); INSERT INTO p "
       "VALUES (7); COMMIT");
  EXPECT_EQ(Lines(*f, "SELECT id, p_id FROM c"), std::vector<std::string>{"1 | 7"});
  // Not deferred: the same order fails at once.
  EXPECT_TRUE(Lines(*f, "SELECT 1 FROM pragma_foreign_key_check").empty());
  auto refused = f->Exec("INSERT INTO c (id, q) VALUES (2, 99)");
  EXPECT_FALSE(refused.ok());
}

// Dropping a column of a placed key keeps the others' order: the migration drops the column,
// numbers the rest anew (no SQL: the order is the same, which PostgreSQL accepts), the rest is
// the key again, and the files agree after it.
TEST_F(Keys, DroppingAColumnOfAPlacedKeyKeepsTheRestOnPostgres) {
  ALAB_REQUIRE_PG();
  const std::string url = alab::testing::CreatePgDatabase("adopt_keydrop");
  Init("postgres");
  auto db = Connect("postgres", url);
  ASSERT_NE(db, nullptr);
  dir_.Write("schemas/k.js",
             "export default table({\n  a: col.integer().primary_key(2),\n  b: "
             "col.text().primary_key(1),\n  c: col.integer().primary_key(3),\n});\n");
  ASSERT_EQ(Alab(url, {"new", "init", "--yes"}).exit_code, 0);
  ASSERT_EQ(Alab(url, {"migrate", "--yes"}).exit_code, 0);
  Exec(*db, "INSERT INTO k VALUES (1, 'x', 3), (2, 'y', 4)");
  dir_.Write("schemas/k.js",
             "export default table({\n  a: col.integer().primary_key(),\n  c: "
             "col.integer().primary_key(),\n});\n");
  RunResult n = Alab(url, {"new", "dropb", "--yes"});
  ASSERT_EQ(n.exit_code, 0) << n.out << n.err;
  RunResult m = Alab(url, {"migrate", "--yes", "--confirm-destroy"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  RunResult c = Alab(url, {"check"});
  EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
  EXPECT_EQ(Lines(*db, "SELECT a, c FROM k ORDER BY a"),
            (std::vector<std::string>{"1 | 3", "2 | 4"}));
  // PostgreSQL dropped the key with b; the rest of it is the key again.
  EXPECT_EQ(Lines(*db,
                  "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                  "'k'::regclass AND contype = 'p'"),
            std::vector<std::string>{"PRIMARY KEY (a, c)"});
}

// Places a migration leaves half set are refused at the operation's line; a mode of a
// foreign key changed behind alab's back is drift for check and status, and baseline refuses.
TEST_F(Keys, KeyPlacesAndDeferralAreCheckedOnSqlite) {
  const std::string url = (dir_ / "k.db").string();
  Init("sqlite");
  dir_.Write("schemas/p.js", "export default table({ id: col.integer().primary_key() });\n");
  dir_.Write("schemas/k.js",
             "export default table({\n  a: col.integer().primary_key(2),\n  b: "
             "col.text().primary_key(1),\n  c: col.integer().primary_key(3),\n  p: "
             "col.integer().optional(),\n}).foreign_key(\"p\", \"p\", \"id\", { deferrable: "
             "\"deferred\" });\n");
  ASSERT_EQ(Alab(url, {"new", "init", "--yes"}).exit_code, 0);
  ASSERT_EQ(Alab(url, {"migrate", "--yes"}).exit_code, 0);
  for (const char* change : {"c.set_key_place(1)", "c.set_key_place(7)", "c.drop_key_place()"}) {
    dir_.Write("migrations/002_bad.js",
               fmt::format("export default migration({{\n  up(m) {{\n    m.alter_column(\"k\", "
                           "\"a\", (c) => {});\n  }},\n}});\n",
                           change));
    RunResult r = Alab(url, {"migrate", "--yes"});
    EXPECT_EQ(r.exit_code, 1) << change << r.out << r.err;
    EXPECT_NE(r.err.find("migrations/002_bad.js:3:"), std::string::npos) << change << r.err;
    EXPECT_NE(r.err.find("give every key column its place, 1 to 3 once each"), std::string::npos)
        << change << r.err;
  }
  std::filesystem::remove(dir_ / "migrations/002_bad.js");
  EXPECT_EQ(Alab(url, {"check"}).exit_code, 0);
  // The key made not deferrable behind alab's back (SQLite rebuild by hand).
  auto db = Connect("sqlite", url);
  ASSERT_NE(db, nullptr);
  Exec(*db,
       "PRAGMA foreign_keys = OFF; ALTER TABLE k RENAME TO k_old; CREATE TABLE k (a INTEGER NOT "
       "NULL, b TEXT NOT NULL, c INTEGER NOT NULL, p INTEGER, PRIMARY KEY (b, a, c), CONSTRAINT "
       "fk_k_p FOREIGN KEY (p) REFERENCES p (id)); DROP TABLE k_old");
  RunResult check = Alab(url, {"check"});
  EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
  EXPECT_NE((check.out + check.err).find("deferrable initially deferred"), std::string::npos)
      << check.out << check.err;
  RunResult status = Alab(url, {"status"});
  EXPECT_EQ((status.out + status.err).find("drift: none"), std::string::npos) << status.out;
  RunResult d = Alab(url, {"diff", "--from", "db", "--to", "schemas"});
  EXPECT_NE(d.out.find("ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED"), std::string::npos)
      << d.out;
}

// A middle column of a key in column order dropped and rolled back: the migration is written,
// the key is (a, c) after it and (a, b, c) again after rollback, though b comes back last.
TEST_F(Keys, DroppedMiddleKeyColumnComesBackToItsPlaceOnSqlite) {
  const std::string url = (dir_ / "k.db").string();
  Init("sqlite");
  dir_.Write("schemas/k.js",
             "export default table({ a: col.integer().primary_key(), b: "
             "col.text().primary_key(), c: col.integer().primary_key() });\n");
  ASSERT_EQ(Alab(url, {"new", "init", "--yes"}).exit_code, 0);
  ASSERT_EQ(Alab(url, {"migrate", "--yes"}).exit_code, 0);
  dir_.Write("schemas/k.js",
             "export default table({ a: col.integer().primary_key(), c: "
             "col.integer().primary_key() });\n");
  RunResult n = Alab(url, {"new", "two", "--yes"});
  ASSERT_EQ(n.exit_code, 0) << n.out << n.err;
  ASSERT_EQ(Alab(url, {"migrate", "--yes", "--confirm-destroy"}).exit_code, 0);
  auto db = Connect("sqlite", url);
  ASSERT_NE(db, nullptr);
  const std::string key = "SELECT name, pk FROM pragma_table_info('k') WHERE pk > 0 ORDER BY pk";
  EXPECT_EQ(Lines(*db, key), (std::vector<std::string>{"a | 1", "c | 2"}));
  RunResult r = Alab(url, {"rollback", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(Lines(*db, key), (std::vector<std::string>{"a | 1", "b | 2", "c | 3"}));
  RunResult c = Alab(url, {"check"});
  EXPECT_EQ(c.exit_code, 0) << c.out << c.err;
}

// The destroy guard counts a table under the name it has before the run: a rollback that
// renames a table back and then drops it asks for --confirm-destroy, and without it nothing
// is rolled back.
TEST_F(Keys, RollbackGuardCountsARenamedTable) {
  const std::string url = (dir_ / "r.db").string();
  Init("sqlite");
  dir_.Write("migrations/001_a.js",
             "export default migration({\n  up(m) {\n    m.create_table(\"app.u\", (t) => {\n      "
             "t.integer(\"id\").primary_key();\n      t.text(\"note\").optional();\n    });\n  "
             "},\n  down(m) {\n    m.drop_table(\"app.u\");\n  },\n});\n");
  dir_.Write("migrations/002_b.js",
             "export default migration({\n  up(m) {\n    m.rename_table(\"app.u\", \"t\");\n    "
             "m.rename_column(\"app.t\", \"note\", \"memo\");\n  },\n  down(m) {\n    "
             "m.rename_column(\"app.t\", \"memo\", \"note\");\n    m.rename_table(\"app.t\", "
             "\"u\");\n  },\n});\n");
  RunResult m = Alab(url, {"migrate", "--yes"});
  ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
  auto db = Connect("sqlite", url);
  ASSERT_NE(db, nullptr);
  Exec(*db, "INSERT INTO app_t (id, memo) VALUES (1, 'keep me')");
  RunResult r = Alab(url, {"rollback", "2", "--yes"});
  EXPECT_NE(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("drop table app.u (1 row)"), std::string::npos) << r.out << r.err;
  EXPECT_EQ(Lines(*db, "SELECT id, memo FROM app_t"), std::vector<std::string>{"1 | keep me"});
}

// Every order of a three-column key reached in turn from the one before (each change sets
// the places of several columns, one operation each), and rolled back in turn: the table's key
// is the declared one after each step, its rows unchanged.
TEST_F(Keys, EveryKeyOrderIsReachedAndRolledBackOnSqlite) {
  const std::string url = (dir_ / "k.db").string();
  Init("sqlite");
  const std::vector<std::vector<int>> orders = {{0, 0, 0}, {3, 2, 1}, {2, 3, 1}, {1, 3, 2},
                                                {3, 1, 2}, {2, 1, 3}, {0, 0, 0}, {2, 3, 1}};
  auto key_of = [](const std::vector<int>& places) {
    // The names in key order, as pragma_table_info lists them by pk.
    std::vector<std::string> names = {"a", "b", "c"}, out(3);
    if (places[0] == 0) return std::vector<std::string>{"a | 1", "b | 2", "c | 3"};
    for (int i = 0; i < 3; ++i) out[places[i] - 1] = fmt::format("{} | {}", names[i], places[i]);
    return out;
  };
  auto write = [&](const std::vector<int>& p) {
    auto place = [](int n) { return n == 0 ? std::string("()") : fmt::format("({})", n); };
    dir_.Write("schemas/k.js",
               fmt::format("export default table({{\n  a: col.integer().primary_key{},\n  b: "
                           "col.integer().primary_key{},\n  c: col.integer().primary_key{},\n  "
                           "v: col.text(),\n}});\n",
                           place(p[0]), place(p[1]), place(p[2])));
  };
  const std::string key = "SELECT name, pk FROM pragma_table_info('k') WHERE pk > 0 ORDER BY pk";
  const std::vector<std::string> rows = {"1 | 2 | 3 | x", "3 | 2 | 1 | y"};
  for (size_t i = 0; i < orders.size(); ++i) {
    write(orders[i]);
    RunResult n = Alab(url, {"new", fmt::format("order_{}", i), "--yes"});
    ASSERT_EQ(n.exit_code, 0) << i << n.out << n.err;
    RunResult m = Alab(url, {"migrate", "--yes"});
    ASSERT_EQ(m.exit_code, 0) << i << m.out << m.err;
    auto db = Connect("sqlite", url);
    ASSERT_NE(db, nullptr);
    if (i == 0) Exec(*db, "INSERT INTO k VALUES (1, 2, 3, 'x'), (3, 2, 1, 'y')");
    EXPECT_EQ(Lines(*db, key), key_of(orders[i])) << "step " << i;
    EXPECT_EQ(Lines(*db, "SELECT a, b, c, v FROM k ORDER BY a"), rows) << "step " << i;
    EXPECT_EQ(Alab(url, {"diff", "--from", "schemas", "--to", "db"}).out, "no changes\n") << i;
  }
  for (size_t i = orders.size() - 1; i > 0; --i) {
    RunResult r = Alab(url, {"rollback", "--yes"});
    ASSERT_EQ(r.exit_code, 0) << i << r.out << r.err;
    auto db = Connect("sqlite", url);
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(Lines(*db, key), key_of(orders[i - 1])) << "rolled back to " << i - 1;
    EXPECT_EQ(Lines(*db, "SELECT a, b, c, v FROM k ORDER BY a"), rows) << i;
  }
  RunResult check = Alab(url, {"check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

}  // namespace
}  // namespace alab::drift
