// The migration lock (PostgreSQL advisory lock: timeout, force release) and
// `transaction: false` migrations (progress recorded, shown by status, resumed).
#include <gtest/gtest.h>

#include "base/strings.h"
#include "runner/db_lock.h"
#include "runner/runner_test_util.h"

namespace alab::runner {
namespace {

const char* kTable = R"JS(export default migration({
  up_revision: "001",
  down_revision: null,
  up(m) {
    m.create_table("app.a", (t) => { t.id(); t.string("name", 50); });
  },
  down(m) {
    m.drop_table("app.a");
  },
});
)JS";

TEST(ParseDuration, Units) {
  EXPECT_EQ(ParseDuration("30s")->count(), 30000);
  EXPECT_EQ(ParseDuration("500ms")->count(), 500);
  EXPECT_EQ(ParseDuration("2m")->count(), 120000);
  EXPECT_EQ(ParseDuration("1.5")->count(), 1500);
  EXPECT_FALSE(ParseDuration("soon").ok());
  EXPECT_FALSE(ParseDuration("5h").ok());
}

TEST(MigrationLock, TimesOutWhileHeldAndForceReleaseEndsTheHolder) {
  ALAB_REQUIRE_PG();
  auto p = testkit::MakeProject("postgres", "locktimeout");
  p.WriteMigration("001_a.js", kTable);
  testkit::WriteAlabYaml(p);
  auto holder = testkit::ConnectOrDie(p.cfg);
  MigrationLock held;
  ASSERT_TRUE(held.Acquire(*holder, std::chrono::milliseconds(1000)).ok());

  auto r = testing::RunAlab({"migrate", "--lock-timeout", "300ms"}, p.dir->path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("timed out after 0.3s waiting for the migration lock"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("held by server process"), std::string::npos) << r.err;

  // --skip-lock does not wait.
  auto skip = testing::RunAlab({"migrate", "--skip-lock"}, p.dir->path());
  EXPECT_EQ(skip.exit_code, 0) << skip.err;
}

TEST(MigrationLock, ReleaseForce) {
  ALAB_REQUIRE_PG();
  auto p = testkit::MakeProject("postgres", "lockrelease");
  p.WriteMigration("001_a.js", kTable);
  testkit::WriteAlabYaml(p);
  auto holder = testkit::ConnectOrDie(p.cfg);
  MigrationLock held;
  ASSERT_TRUE(held.Acquire(*holder, std::chrono::milliseconds(1000)).ok());
  auto no_force = testing::RunAlab({"lock", "release"}, p.dir->path());
  EXPECT_EQ(no_force.exit_code, 2);
  auto rel = testing::RunAlab({"lock", "release", "--force"}, p.dir->path());
  ASSERT_EQ(rel.exit_code, 0) << rel.err;
  EXPECT_NE(rel.out.find("1 session ended"), std::string::npos) << rel.out;
  auto r = testing::RunAlab({"migrate", "--lock-timeout", "5s"}, p.dir->path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(holder->Query("SELECT 1").ok());  // the holder's session was ended
}

class NoTransactionTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
  }
};

TEST_P(NoTransactionTest, RecordsProgressShowsItAndResumes) {
  auto p = testkit::MakeProject(GetParam(), "notx");
  p.WriteMigration("001_a.js", kTable);
  std::string step = R"JS(export default migration({
  up_revision: "002",
  down_revision: "001",
  transaction: false,
  up(m) {
    m.create_index("app.a", ["name"], { name: "idx_a_name" });
    m.sql("INSERT INTO app_b (x) VALUES (1)");
    m.add_column("app.a", (t) => t.integer("n").optional());
  },
  down(m) {
    m.drop_column("app.a", "n");
    m.drop_index("idx_a_name");
  },
});
)JS";
  p.WriteMigration("002_b.js", step);
  testkit::WriteAlabYaml(p);
  auto r = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("applying 002_b.js: statement 2 (INSERT INTO app_b"), std::string::npos)
      << r.err;
  auto st = testing::RunAlab({"status"}, p.dir->path());
  EXPECT_NE(st.out.find("partial (1/3 statements)"), std::string::npos) << st.out;
  EXPECT_NE(st.out.find("(no transaction)"), std::string::npos) << st.out;
  EXPECT_NE(st.out.find("1 partly applied (transaction: false"), std::string::npos) << st.out;
  auto conn = testkit::ConnectOrDie(p.cfg);
  // The first statement stays applied; fixing the cause lets a re-run finish the rest.
  ASSERT_TRUE(conn->Exec("CREATE TABLE app_b (x INTEGER)").ok());
  r = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT count(*) FROM app_b"), "1\n");
  EXPECT_EQ(
      testkit::RowsText(
          *conn,
          "SELECT statements_done, statements_total FROM alab_migrations WHERE revision = '002'"),
      "3|3\n");
  st = testing::RunAlab({"status"}, p.dir->path());
  EXPECT_NE(st.out.find("2 applied, 0 pending"), std::string::npos) << st.out;
  r = testing::RunAlab({"rollback"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT revision FROM alab_migrations"), "001\n");
}

INSTANTIATE_TEST_SUITE_P(Runner, NoTransactionTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::runner
