// The tracking table as alab reads it back: a value that is not what alab wrote is an error
// naming its row and column, never a guess that could make a migration look complete.
#include <gtest/gtest.h>

#include "runner/runner_test_util.h"

namespace alab::runner {
namespace {

class HistoryTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (std::string(GetParam()) == "postgres") ALAB_REQUIRE_PG();
  }
};

TEST_P(HistoryTest, TrackingValueThatIsNotAnIntegerIsRefused) {
  auto p = testkit::MakeProject(GetParam(), "history_corrupt");
  p.WriteMigration("001_a.js", R"JS(export default migration({
  up_revision: "001",
  down_revision: null,
  up(m) {
    m.create_table("app.a", (t) => { t.id(); t.integer("n"); });
  },
  down(m) {
    m.drop_table("app.a");
  },
});
)JS");
  p.WriteMigration("002_b.js", R"JS(export default migration({
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.create_table("app.b", (t) => { t.id(); });
  },
  down(m) {
    m.drop_table("app.b");
  },
});
)JS");
  testkit::WriteAlabYaml(p);
  auto r = testing::RunAlab({"migrate", "--to", "001"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto conn = testkit::ConnectOrDie(p.cfg);
  // Corrupted by hand (PostgreSQL's BIGINT column has to become text to hold it).
  if (std::string(GetParam()) == "postgres") {
    ASSERT_TRUE(
        conn->Exec("ALTER TABLE alab_migrations ALTER COLUMN statements_done TYPE text").ok());
  }
  ASSERT_TRUE(
      conn->Exec("UPDATE alab_migrations SET statements_done = 'x' WHERE revision = '001'").ok());

  for (const char* cmd : {"migrate", "status"}) {
    r = testing::RunAlab({cmd}, p.dir->path());
    EXPECT_EQ(r.exit_code, 3) << cmd << ": " << r.err;
    EXPECT_NE(r.err.find("alab_migrations: revision 001: statements_done is 'x', not an integer"),
              std::string::npos)
        << cmd << ": " << r.err;
  }
  // Nothing applied, nothing recorded, the corrupted row as it was.
  auto b = conn->HasTable("app_b");
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_FALSE(*b);
  EXPECT_EQ(testkit::RowsText(
                *conn, "SELECT revision, statements_done FROM alab_migrations ORDER BY revision"),
            "001|x\n");
}

INSTANTIATE_TEST_SUITE_P(Runner, HistoryTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::runner
