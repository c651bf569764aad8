// `alab baseline` through the binary on real databases: a database that matches the migrations
// gets them recorded without running them (its rows and catalog untouched); one that differs
// gets nothing recorded and the differences named; every refusal leaves the database as it was.
#include <filesystem>

#include <gtest/gtest.h>

#include "base/strings.h"
#include "runner/git.h"
#include "runner/runner_test_util.h"
#include "runner/tracking.h"

namespace alab::runner {
namespace {

constexpr char kCreate[] = R"JS(export default migration({
  up_revision: "001",
  down_revision: null,
  up(m) {
    m.create_table("app.item", (t) => {
      t.id();
      t.string("name", 40);
      t.integer("qty").default(1);
    });
  },
  down(m) {
    m.drop_table("app.item");
  },
});
)JS";

constexpr char kAddColumn[] = R"JS(export default migration({
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.add_column("app.item", (t) => t.text("note").optional());
    m.create_index("app.item", ["name"], { name: "idx_item_name" });
  },
  down(m) {
    m.drop_index("idx_item_name");
    m.drop_column("app.item", "note");
  },
});
)JS";

constexpr char kRawSql[] = R"JS(export default migration({
  up_revision: "003",
  down_revision: "002",
  up(m) {
    m.sql("UPDATE app_item SET qty = qty + 1");
  },
});
)JS";

constexpr char kRow[] =
    "INSERT INTO app_item (id, name, qty) VALUES ('6f1c1b3e-0a6b-4c43-9d5e-3b1f0c9a7e11', "
    "'kept', 7)";

class BaselineTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (testing::OnTestServer(GetParam())) ALAB_REQUIRE_PG();
  }
  // A database built by the migrations up to `to`, then stripped of alab's tracking (and given a
  // row), as a database alab did not create looks: it holds the tables, not the history.
  testkit::Project Adopted(const std::string& hint, const std::string& to) {
    auto p = testkit::MakeProject(GetParam(), hint);
    p.WriteMigration("001_create.js", kCreate);
    p.WriteMigration("002_note.js", kAddColumn);
    testkit::WriteAlabYaml(p);
    auto r = testing::RunAlab({"migrate", "--to", to}, p.dir->path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto conn = testkit::ConnectOrDie(p.cfg);
    EXPECT_TRUE(conn);
    if (conn) {
      EXPECT_TRUE(conn->Exec("DROP TABLE alab_migrations").ok());
      EXPECT_TRUE(conn->Exec(kRow).ok());
    }
    std::filesystem::remove(p.dir->path() / "alab.lock");
    return p;
  }
  std::string Rows(const testkit::Project& p, const std::string& sql) {
    auto conn = testkit::ConnectOrDie(p.cfg);
    return conn ? testkit::RowsText(*conn, sql) : "<no connection>";
  }
  bool HasTrackingTable(const testkit::Project& p) {
    auto conn = testkit::ConnectOrDie(p.cfg);
    auto exists = conn ? HistoryTableExists(*conn) : Expected<bool>(false);
    return exists.ok() && *exists;
  }
};

TEST_P(BaselineTest, RecordsAMatchingDatabaseWithoutRunningAnything) {
  auto p = Adopted("baseline_match", "002");
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  const std::string catalog = testkit::CatalogSnapshot(*conn);

  auto dry = testing::RunAlab({"baseline", "--dry-run"}, p.dir->path());
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would record migrations/001_create.js as applied (not run)"),
            std::string::npos)
      << dry.out;
  EXPECT_FALSE(HasTrackingTable(p)) << "a dry run records nothing";

  auto r = testing::RunAlab({"baseline"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("recorded migrations/001_create.js as applied (not run)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("recorded migrations/002_note.js as applied (not run)"), std::string::npos)
      << r.out;
  EXPECT_EQ(Rows(p,
                 "SELECT revision, file FROM alab_migrations WHERE statements_done = "
                 "statements_total ORDER BY applied_order"),
            "001|migrations/001_create.js\n002|migrations/002_note.js\n")
      << "both recorded, and complete";
  EXPECT_EQ(Rows(p, "SELECT name, qty FROM app_item"), "kept|7\n") << "no row was touched";
  EXPECT_EQ(testkit::CatalogSnapshot(*conn), catalog) << "nothing ran on the tables";
  EXPECT_TRUE(std::filesystem::exists(p.dir->path() / "alab.lock"));

  // The history is now the database's: check is green (no drift, and the schema files pulled
  // from the database match the migrations), migrate has nothing to do, and a second baseline
  // has nothing to record.
  // The schema files come from the database, as a team adopting alab writes them.
  auto pull = testing::RunAlab({"pull"}, p.dir->path());
  ASSERT_EQ(pull.exit_code, 0) << pull.err;
  auto check = testing::RunAlab({"check"}, p.dir->path());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  auto migrate = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_NE(migrate.out.find("already up to date"), std::string::npos) << migrate.out;
  auto again = testing::RunAlab({"baseline"}, p.dir->path());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("nothing to record"), std::string::npos) << again.out;
  EXPECT_EQ(Rows(p, "SELECT count(*) FROM alab_migrations"), "2\n");
}

TEST_P(BaselineTest, ADatabaseThatDiffersGetsNothingRecordedAndTheDifferencesNamed) {
  auto p = Adopted("baseline_differs", "001");  // has 001's table, not 002's column and index
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  const std::string catalog = testkit::CatalogSnapshot(*conn);
  auto r = testing::RunAlab({"baseline"}, p.dir->path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("does not match the migrations up to 002 (2 differences)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("column app_item.note"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("idx_item_name"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was recorded"), std::string::npos) << r.err;
  EXPECT_FALSE(HasTrackingTable(p)) << "a refused baseline leaves no tracking table";
  EXPECT_EQ(testkit::CatalogSnapshot(*conn), catalog);
  EXPECT_FALSE(std::filesystem::exists(p.dir->path() / "alab.lock"));

  // The part it does match can be recorded, and migrate then runs the rest.
  auto part = testing::RunAlab({"baseline", "--to", "001"}, p.dir->path());
  ASSERT_EQ(part.exit_code, 0) << part.err;
  EXPECT_EQ(Rows(p, "SELECT revision FROM alab_migrations"), "001\n");
  auto migrate = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_NE(migrate.out.find("applied migrations/002_note.js"), std::string::npos) << migrate.out;
  EXPECT_EQ(Rows(p, "SELECT name, qty FROM app_item WHERE note IS NULL"), "kept|7\n");
  // The schema files come from the database, as a team adopting alab writes them.
  auto pull = testing::RunAlab({"pull"}, p.dir->path());
  ASSERT_EQ(pull.exit_code, 0) << pull.err;
  auto check = testing::RunAlab({"check"}, p.dir->path());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

TEST_P(BaselineTest, AnEmptyDatabaseIsRefusedAndSQLTheComparisonCannotSeeIsNamed) {
  auto p = testkit::MakeProject(GetParam(), "baseline_empty");
  p.WriteMigration("001_create.js", kCreate);
  p.WriteMigration("002_note.js", kAddColumn);
  p.WriteMigration("003_raw.js", kRawSql);
  testkit::WriteAlabYaml(p);
  if (!testing::OnTestServer(GetParam())) {
    // No database file: refused, and the file is not created.
    auto missing = testing::RunAlab({"baseline"}, p.dir->path());
    EXPECT_EQ(missing.exit_code, 1) << missing.err;
    EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;
    EXPECT_NE(missing.err.find("alab migrate"), std::string::npos) << missing.err;
    EXPECT_FALSE(std::filesystem::exists(p.cfg.url));
    ASSERT_TRUE(testkit::ConnectOrDie(p.cfg));  // creates the empty file
  }
  auto empty = testing::RunAlab({"baseline"}, p.dir->path());
  EXPECT_EQ(empty.exit_code, 1) << empty.err;
  EXPECT_NE(empty.err.find("table app_item"), std::string::npos) << empty.err;
  EXPECT_FALSE(HasTrackingTable(p));

  // The same tables made by hand match; the m.sql migration is recorded with a warning that
  // its effect is not compared.
  auto made = testing::RunAlab({"migrate", "--to", "002"}, p.dir->path());
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  ASSERT_TRUE(conn->Exec("DROP TABLE alab_migrations").ok());
  ASSERT_TRUE(conn->Exec(kRow).ok());
  auto r = testing::RunAlab({"baseline"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("migrations/003_raw.js: its m.sql statement cannot be compared"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Rows(p, "SELECT revision FROM alab_migrations ORDER BY applied_order"),
            "001\n002\n003\n");
  EXPECT_EQ(Rows(p, "SELECT qty FROM app_item"), "7\n") << "003's m.sql was not run";
}

TEST_P(BaselineTest, AppliedMigrationsThatDifferFromTheFilesBlockIt) {
  auto p = testkit::MakeProject(GetParam(), "baseline_edited");
  p.WriteMigration("001_create.js", kCreate);
  testkit::WriteAlabYaml(p);
  auto r = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 001 was applied, then its file edited (its catalog is unchanged: only a comment); 002 is
  // new and the database holds what it creates. Only the applied file's checksum stops it.
  p.WriteMigration("001_create.js", std::string(kCreate) + "// edited\n");
  p.WriteMigration("002_note.js", kAddColumn);
  std::filesystem::remove(p.dir->path() / "alab.lock");
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  ASSERT_TRUE(conn->Exec("ALTER TABLE app_item ADD COLUMN note TEXT").ok());
  ASSERT_TRUE(conn->Exec("CREATE INDEX idx_item_name ON app_item (name)").ok());
  auto b = testing::RunAlab({"baseline"}, p.dir->path());
  EXPECT_EQ(b.exit_code, 1) << b.err;
  EXPECT_NE(b.err.find("001_create.js: changed after it was applied"), std::string::npos) << b.err;
  EXPECT_EQ(Rows(p, "SELECT revision FROM alab_migrations"), "001\n");
}

// alab.lock says what other databases ran: a file edited since is not recorded as applied.
TEST_P(BaselineTest, AFileThatDiffersFromAlabLockIsNotRecorded) {
  auto p = Adopted("baseline_lockfile", "002");
  auto lock = testing::RunAlab({"lock", "repair"}, p.dir->path());
  ASSERT_EQ(lock.exit_code, 0) << lock.err;
  p.WriteMigration("002_note.js", std::string(kAddColumn) + "// edited after the lock\n");
  auto r = testing::RunAlab({"baseline"}, p.dir->path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("alab.lock"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("002_note.js"), std::string::npos) << r.err;
  EXPECT_FALSE(HasTrackingTable(p));
}

// Steps of an earlier run that was never recorded: the migration may be partly applied.
TEST_P(BaselineTest, LeftoverStepRowsBlockIt) {
  auto p = Adopted("baseline_steps", "002");
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  ASSERT_TRUE(EnsureStepsTable(*conn).ok());
  ASSERT_TRUE(RecordStep(*conn, "002", "up", StepRecord{0, "done", "x", "SELECT 1"}).ok());
  auto r = testing::RunAlab({"baseline"}, p.dir->path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("alab_migration_steps holds 1 step(s) of migrations/002_note.js"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(HasTrackingTable(p));
}

// A squash baseline stands for the revisions it replaces: a database that ran only some of
// them is refused even when its catalog matches (the rest may be data migrations, which the
// squash does not carry), as migrate refuses it.
TEST_P(BaselineTest, ASquashBaselineReplacedOnlyInPartIsRefused) {
  auto p = testkit::MakeProject(GetParam(), "baseline_squash");
  p.WriteMigration("001_create.js", kCreate);
  p.WriteMigration("002_note.js", kAddColumn);
  p.WriteMigration("003_raw.js", kRawSql);
  testkit::WriteAlabYaml(p);
  // Another database that ran 001 and 002 only; 003 changes data, not the catalog.
  const std::string half = testing::FreshDatabaseUrl(GetParam(), p.dir->path(), "half");
  ASSERT_FALSE(half.empty());
  auto r = testing::RunAlab({"--database-url", half, "migrate", "--to", "002"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = testing::RunAlab({"pull"}, p.dir->path());  // squash needs schema files that match
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = testing::RunAlab({"squash"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ASSERT_TRUE(std::filesystem::exists(p.cfg.migrations_dir / "004_baseline.js")) << r.out;

  auto b = testing::RunAlab({"--database-url", half, "baseline"}, p.dir->path());
  EXPECT_EQ(b.exit_code, 1) << b.out << b.err;
  EXPECT_NE(b.err.find("004_baseline.js replaces revisions 001..003"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("003"), std::string::npos) << b.err;
  config::Config other = p.cfg;
  other.url = half;
  auto conn = testkit::ConnectOrDie(other);
  ASSERT_TRUE(conn);
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT revision FROM alab_migrations ORDER BY applied_order"),
            "001\n002\n");
}

// As migrate: a tracked migration file with uncommitted changes blocks (--force records it
// with a warning); a new, untracked file (what `alab new initial` just wrote) does not.
TEST(BaselineGit, AnEditedTrackedFileBlocksUnlessForced) {
  auto p = testkit::MakeProject("sqlite", "baseline_git");
  p.WriteMigration("001_create.js", kCreate);
  testkit::WriteAlabYaml(p);
  auto git = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"-c", "user.name=t", "-c", "user.email=t@example.com"});
    return RunGit(p.dir->path(), args);
  };
  ASSERT_EQ(git({"init", "-q"}).exit_code, 0);
  auto r = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  ASSERT_TRUE(conn->Exec("DROP TABLE alab_migrations").ok());
  std::filesystem::remove(p.dir->path() / "alab.lock");
  ASSERT_EQ(git({"add", "migrations/001_create.js", "alab.yaml"}).exit_code, 0);
  ASSERT_EQ(git({"commit", "-q", "-m", "start"}).exit_code, 0);
  p.WriteMigration("002_note.js", kAddColumn);  // untracked: no obstacle
  ASSERT_TRUE(conn->Exec("ALTER TABLE app_item ADD COLUMN note TEXT").ok());
  ASSERT_TRUE(conn->Exec("CREATE INDEX idx_item_name ON app_item (name)").ok());
  p.WriteMigration("001_create.js", std::string(kCreate) + "// local edit\n");

  auto b = testing::RunAlab({"baseline"}, p.dir->path());
  EXPECT_EQ(b.exit_code, 1) << b.err;
  EXPECT_NE(b.err.find("uncommitted changes"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("migrations/001_create.js"), std::string::npos) << b.err;
  EXPECT_EQ(b.err.find("002_note.js"), std::string::npos) << b.err;
  auto tracked = HistoryTableExists(*conn);
  ASSERT_TRUE(tracked.ok());
  EXPECT_FALSE(*tracked) << "a refused baseline leaves no tracking table";

  b = testing::RunAlab({"baseline", "--force"}, p.dir->path());
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_NE(b.err.find("recording migration files with uncommitted changes (--force)"),
            std::string::npos)
      << b.err;
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT revision FROM alab_migrations ORDER BY applied_order"),
            "001\n002\n");
}

INSTANTIATE_TEST_SUITE_P(Runner, BaselineTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::runner
