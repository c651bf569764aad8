// `alab rollback` with the guarantees of migrate, on SQLite and PostgreSQL: a migration
// without down() is refused before anything changes; down()'s drops of tables and columns
// holding rows need --confirm-destroy; m.sql(up, down)'s down statement runs; the target is
// chosen under the write lock (a migrate that lands meanwhile is rolled back, not the one
// under it); a squash is serialised with rollback.
#include <gtest/gtest.h>

#include <filesystem>

#include <fmt/format.h>

#include "rewrite/squash.h"
#include "runner/runner_test_util.h"
#include "runner/tracking.h"

namespace alab::runner {
namespace {

namespace fs = std::filesystem;

std::string Mig(const std::string& rev, const std::string& parent, const std::string& up,
                const std::string& down) {
  return fmt::format(R"JS(export default migration({{
  up_revision: "{}",
  down_revision: {},
  up(m) {{
{}
  }},{}
}});
)JS",
                     rev, parent.empty() ? "null" : "\"" + parent + "\"", up, down);
}

const std::string kCreateA =
    R"JS(    m.create_table("app.a", (t) => { t.id(); t.string("name", 50); });)JS";
const std::string kDropA = R"JS(
  down(m) {
    m.drop_table("app.a");
  },)JS";

class RollbackTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
  }
  // The catalog and the tracking rows: what a refused rollback must leave as it was.
  static std::string State(const config::Config& cfg) {
    auto conn = testkit::ConnectOrDie(cfg);
    if (!conn) return "no connection";
    return testkit::CatalogSnapshot(*conn) + "\n-- alab_migrations\n" +
           testkit::RowsText(
               *conn,
               "SELECT revision, checksum, statements_done FROM alab_migrations ORDER BY "
               "applied_order");
  }
  static std::string Revisions(const config::Config& cfg) {
    auto conn = testkit::ConnectOrDie(cfg);
    return conn ? testkit::RowsText(*conn,
                                    "SELECT revision FROM alab_migrations ORDER BY applied_order")
                : "";
  }
  static void Exec(const config::Config& cfg, const std::string& sql) {
    auto conn = testkit::ConnectOrDie(cfg);
    ASSERT_TRUE(conn);
    Status s = conn->Exec(sql);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  static std::string Count(const config::Config& cfg, const std::string& sql) {
    auto conn = testkit::ConnectOrDie(cfg);
    return conn ? testkit::RowsText(*conn, sql) : "";
  }
  static testing::RunResult Alab(const testkit::Project& p, const std::vector<std::string>& args) {
    return testing::RunAlab(args, p.dir->path());
  }
};

TEST_P(RollbackTest, MigrationWithoutDownIsRefusedAndNothingChanges) {
  auto p = testkit::MakeProject(GetParam(), "rb_nodown");
  testkit::WriteAlabYaml(p);
  p.WriteMigration("001_a.js", Mig("001", "", kCreateA, kDropA));
  p.WriteMigration(
      "002_b.js",
      Mig("002", "001", R"JS(    m.create_table("app.b", (t) => { t.id(); t.integer("n"); });)JS",
          "\n  down(m) {},"));
  p.WriteMigration(
      "003_c.js", Mig("003", "002", R"JS(    m.create_table("app.c", (t) => { t.id(); });)JS", ""));
  auto m = Alab(p, {"migrate"});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  std::string before = State(p.cfg);
  ASSERT_NE(before.find("app_c"), std::string::npos) << before;

  // 003 has no down(): refused, naming the file and the line of up(), with the down() to write.
  auto r = Alab(p, {"rollback"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("migrations/003_c.js:4: cannot roll back 003_c.js: it has no down()"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("m.drop_table(\"app.c\");"), std::string::npos) << r.err;
  EXPECT_EQ(State(p.cfg), before);
  // Several at once: refused before the first is touched.
  r = Alab(p, {"rollback", "--to", "001"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(State(p.cfg), before);
  // The database is still up to date (the old behaviour marked 003 pending: `already exists`).
  m = Alab(p, {"migrate"});
  EXPECT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(State(p.cfg), before);

  // down() written as the message says: 003 rolls back; 002's empty down() is refused.
  p.WriteMigration("003_c.js",
                   Mig("003", "002", R"JS(    m.create_table("app.c", (t) => { t.id(); });)JS",
                       "\n  down(m) {\n    m.drop_table(\"app.c\");\n  },"));
  r = Alab(p, {"rollback", "--to", "001"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("migrations/002_b.js:7: cannot roll back 002_b.js: its down() is empty"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(State(p.cfg), before);  // 003 was not rolled back either
  r = Alab(p, {"rollback"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Revisions(p.cfg), "001\n002\n");
  EXPECT_EQ(State(p.cfg).find("app_c"), std::string::npos);
}

TEST_P(RollbackTest, DropsOfTablesAndColumnsWithRowsNeedConfirmDestroy) {
  auto p = testkit::MakeProject(GetParam(), "rb_destroy");
  testkit::WriteAlabYaml(p);
  p.WriteMigration("001_a.js", Mig("001", "", kCreateA, kDropA));
  p.WriteMigration(
      "002_note.js",
      Mig("002", "001", R"JS(    m.add_column("app.a", (t) => t.text("note").optional());)JS",
          "\n  down(m) {\n    m.drop_column(\"app.a\", \"note\");\n  },"));
  p.WriteMigration("003_tag.js",
                   Mig("003", "002", R"JS(    m.create_table("app.tag", (t) => { t.id(); });)JS",
                       "\n  down(m) {\n    m.drop_table(\"app.tag\");\n  },"));
  auto m = Alab(p, {"migrate"});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  Exec(p.cfg, "INSERT INTO app_a (name, note) VALUES ('x', 'keep'), ('y', 'me'), ('z', NULL)");

  // An empty table drops without the flag.
  auto r = Alab(p, {"rollback"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Revisions(p.cfg), "001\n002\n");

  std::string before = State(p.cfg);
  r = Alab(p, {"rollback"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("--confirm-destroy"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("migrations/002_note.js:8:7: drop column app.a.note (2 rows with a value)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(State(p.cfg), before);
  r = Alab(p, {"rollback", "2"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("drop column app.a.note (2 rows with a value)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("migrations/001_a.js:8:7: drop table app.a (3 rows)"), std::string::npos)
      << r.err;
  EXPECT_EQ(State(p.cfg), before);
  EXPECT_EQ(Count(p.cfg, "SELECT count(*) FROM app_a WHERE note IS NOT NULL"), "2\n");

  r = Alab(p, {"rollback", "2", "--confirm-destroy"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Revisions(p.cfg), "");
  auto conn = testkit::ConnectOrDie(p.cfg);
  EXPECT_EQ(testkit::CatalogSnapshot(*conn).find("app_a"), std::string::npos);
}

TEST_P(RollbackTest, SqlDownStatementRuns) {
  auto p = testkit::MakeProject(GetParam(), "rb_sqldown");
  testkit::WriteAlabYaml(p);
  p.WriteMigration("001_a.js", Mig("001", "", kCreateA, kDropA));
  p.WriteMigration(
      "002_data.js",
      Mig("002", "001",
          R"JS(    m.sql("INSERT INTO app_a (name) VALUES ('seeded')", "DELETE FROM app_a WHERE name = 'seeded'");
    m.sql("CREATE VIEW v_a AS SELECT name FROM app_a", "DROP VIEW v_a");)JS",
          ""));
  auto m = Alab(p, {"migrate"});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  Exec(p.cfg, "INSERT INTO app_a (name) VALUES ('mine')");
  const std::string views =
      GetParam() == "sqlite"
          ? "SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name = 'v_a'"
          : "SELECT count(*) FROM information_schema.views WHERE table_name = 'v_a'";
  ASSERT_EQ(Count(p.cfg, views), "1\n");
  ASSERT_EQ(Count(p.cfg, "SELECT name FROM app_a ORDER BY name"), "mine\nseeded\n");

  auto r = Alab(p, {"rollback"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("rolled back migrations/002_data.js (2 statements"), std::string::npos)
      << r.out;
  EXPECT_EQ(Count(p.cfg, views), "0\n");
  EXPECT_EQ(Count(p.cfg, "SELECT name FROM app_a ORDER BY name"), "mine\n");
  EXPECT_EQ(Revisions(p.cfg), "001\n");
  // And it applies again.
  m = Alab(p, {"migrate"});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(Count(p.cfg, views), "1\n");
}

// A migrate that lands between rollback's first read and its transaction: the migration it
// applied is the last one, so that is what rollback undoes (not 001 under it).
TEST_P(RollbackTest, TargetIsChosenUnderTheWriteLock) {
  auto p = testkit::MakeProject(GetParam(), "rb_race");
  p.WriteMigration("001_a.js", Mig("001", "", kCreateA, kDropA));
  p.WriteMigration("002_b.js",
                   Mig("002", "001", R"JS(    m.create_table("app.b", (t) => { t.id(); });)JS",
                       "\n  down(m) {\n    m.drop_table(\"app.b\");\n  },"));
  auto plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  testkit::Captured c;
  MigrateOptions to1;
  to1.to = "001";
  ASSERT_TRUE(Migrate(p.cfg, *plan, to1, c.output()).ok()) << c.warn;
  ASSERT_EQ(Revisions(p.cfg), "001\n");

  Output out = c.output();
  bool migrated = false;
  out.progress = [&](size_t i, size_t n, const std::string&) {
    if (migrated || i == n) return;
    migrated = true;  // another process: applies 002 now
    testkit::Captured other;
    Status s = Migrate(p.cfg, *plan, MigrateOptions{}, other.output());
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  };
  RollbackOptions o;
  o.skip_lock = true;  // PostgreSQL: as SQLite, no lock around the whole command
  Status s = Rollback(p.cfg, *plan, o, out);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_TRUE(migrated);
  EXPECT_EQ(Revisions(p.cfg), "001\n");
  auto conn = testkit::ConnectOrDie(p.cfg);
  std::string catalog = testkit::CatalogSnapshot(*conn);
  EXPECT_NE(catalog.find("app_a"), std::string::npos) << catalog;
  EXPECT_EQ(catalog.find("app_b"), std::string::npos) << catalog;
  EXPECT_NE(c.info.find("rolled back migrations/002_b.js"), std::string::npos) << c.info;
}

// A rollback that lands after squash checked the database and before it moved the files:
// squash stops with nothing changed (no files moved, no baseline recorded) instead of
// recording a baseline whose history the database no longer has.
TEST_P(RollbackTest, SquashIsSerialisedWithRollback) {
  auto p = testkit::MakeProject(GetParam(), "rb_squash");
  p.WriteMigration("001_a.js", Mig("001", "", kCreateA, kDropA));
  p.WriteMigration("002_b.js",
                   Mig("002", "001", R"JS(    m.create_table("app.b", (t) => { t.id(); });)JS",
                       "\n  down(m) {\n    m.drop_table(\"app.b\");\n  },"));
  auto plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  testkit::Captured c;
  ASSERT_TRUE(Migrate(p.cfg, *plan, MigrateOptions{}, c.output()).ok()) << c.warn;

  rewrite::SquashOptions so;
  so.drift = [&](dialect::Connection&) -> Expected<std::vector<std::string>> {
    testkit::Captured other;  // another process rolls back 002 right after squash read the history
    Status s = Rollback(p.cfg, *plan, RollbackOptions{}, other.output());
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return std::vector<std::string>{};
  };
  auto r = rewrite::Squash(p.cfg, *plan, plan->final_schema, so, c.output());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("changed while it was checked"), std::string::npos)
      << r.error().message;
  EXPECT_TRUE(fs::exists(p.cfg.migrations_dir / "001_a.js"));
  EXPECT_TRUE(fs::exists(p.cfg.migrations_dir / "002_b.js"));
  EXPECT_FALSE(fs::exists(p.cfg.migrations_dir / "003_baseline.js"));
  EXPECT_EQ(Revisions(p.cfg), "001\n");

  // Undisturbed, squash holds the lock from the check to the record: a rollback meanwhile waits
  // (here: times out) and the baseline is recorded on the history it replaces.
  ASSERT_TRUE(Migrate(p.cfg, *plan, MigrateOptions{}, c.output()).ok()) << c.warn;
  rewrite::SquashOptions quiet;
  Output moving = c.output();
  bool tried = false;
  moving.info = [&](const std::string& line) {
    if (tried || line.rfind("wrote migrations/003_baseline.js", 0) != 0) return;
    tried = true;
    RollbackOptions o;
    o.lock_timeout = std::chrono::milliseconds(300);
    testkit::Captured other;
    Status s = Rollback(p.cfg, *plan, o, other.output());
    EXPECT_FALSE(s.ok()) << other.info;
  };
  auto done = rewrite::Squash(p.cfg, *plan, plan->final_schema, quiet, moving);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_TRUE(tried);
  EXPECT_TRUE(done->recorded);
  EXPECT_EQ(Revisions(p.cfg), "001\n002\n003\n");
  auto conn = testkit::ConnectOrDie(p.cfg);
  std::string catalog = testkit::CatalogSnapshot(*conn);
  EXPECT_NE(catalog.find("app_b"), std::string::npos) << catalog;
}

INSTANTIATE_TEST_SUITE_P(Runner, RollbackTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::runner
