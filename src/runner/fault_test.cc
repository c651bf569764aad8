// Failures leave the database exactly as before the failing migration; guards refuse with
// messages that name the file.
#include <gtest/gtest.h>

#include "base/strings.h"
#include "runner/git.h"
#include "runner/runner_test_util.h"
#include "runner/tracking.h"

namespace alab::runner {
namespace {

const char* kBase = R"JS(export default migration({
  description: "base",
  up_revision: "001",
  down_revision: null,
  up(m) {
    m.create_table("shop.customer", (t) => {
      t.id();
      t.string("name", 100);
      t.text("note").optional();
    });
    m.create_table("shop.purchase", (t) => {
      t.id();
      t.uuid("buyer_id");
    });
  },
  down(m) {
    m.drop_table("shop.purchase");
    m.drop_table("shop.customer");
  },
});
)JS";

// Statement 3 fails: the two before it must not survive.
const char* kThirdFails = R"JS(export default migration({
  description: "bad",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.add_column("shop.customer", (t) => t.string("city", 80).optional());
    m.create_index("shop.customer", ["name"], { name: "idx_customer_name" });
    m.sql("INSERT INTO no_such_table VALUES (1)");
    m.add_column("shop.customer", (t) => t.integer("age").optional());
  },
  down(m) {
    m.drop_column("shop.customer", "age");
    m.drop_index("idx_customer_name");
    m.drop_column("shop.customer", "city");
  },
});
)JS";

const char* kAddFk = R"JS(export default migration({
  description: "fk",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.add_column("shop.customer", (t) => t.string("city", 80).optional());
    m.add_foreign_key("shop.purchase", ["buyer_id"], "shop.customer", ["id"], { name: "fk_purchase_buyer" });
  },
  down(m) {
    m.drop_foreign_key("shop.purchase", "fk_purchase_buyer");
    m.drop_column("shop.customer", "city");
  },
});
)JS";

class FaultTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
  }
};

TEST_P(FaultTest, ThirdStatementFailsLeavesDatabaseAndHistoryUnchanged) {
  auto p = testkit::MakeProject(GetParam(), "fault3");
  p.WriteMigration("001_base.js", kBase);
  p.WriteMigration("002_bad.js", kThirdFails);
  auto plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  testkit::Captured cap;
  MigrateOptions base;
  base.to = "001";
  ASSERT_TRUE(Migrate(p.cfg, *plan, base, cap.output()).ok());
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn->Exec("INSERT INTO shop_customer (id, name) VALUES "
                         "('00000000-0000-4000-8000-000000000001', 'Ann')")
                  .ok());
  std::string catalog = testkit::CatalogSnapshot(*conn);
  std::string history = testkit::RowsText(
      *conn, "SELECT revision, checksum, sql_checksum, applied_order FROM alab_migrations");
  std::string rows = testkit::RowsText(*conn, "SELECT * FROM shop_customer");

  Status s = Migrate(p.cfg, *plan, MigrateOptions{}, cap.output());
  ASSERT_FALSE(s.ok());
  const std::string& m = s.error().message;
  EXPECT_TRUE(StartsWith(m, "migrations/002_bad.js:8:")) << m;  // the m.sql(...) call
  EXPECT_NE(m.find("applying 002_bad.js: statement 3 (INSERT INTO no_such_table VALUES (1)): "),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("no_such_table"), std::string::npos) << m;
  EXPECT_EQ(testkit::CatalogSnapshot(*conn), catalog);
  EXPECT_EQ(
      testkit::RowsText(
          *conn, "SELECT revision, checksum, sql_checksum, applied_order FROM alab_migrations"),
      history);
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT * FROM shop_customer"), rows);
}

TEST_P(FaultTest, ForeignKeyViolationRollsBackTheMigration) {
  auto p = testkit::MakeProject(GetParam(), "faultfk");
  p.WriteMigration("001_base.js", kBase);
  p.WriteMigration("002_fk.js", kAddFk);
  auto plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  testkit::Captured cap;
  MigrateOptions base;
  base.to = "001";
  ASSERT_TRUE(Migrate(p.cfg, *plan, base, cap.output()).ok());
  auto conn = testkit::ConnectOrDie(p.cfg);
  // A purchase whose buyer does not exist: the new foreign key cannot hold.
  ASSERT_TRUE(conn->Exec("INSERT INTO shop_purchase (id, buyer_id) VALUES "
                         "('00000000-0000-4000-8000-0000000000aa', "
                         "'00000000-0000-4000-8000-0000000000bb')")
                  .ok());
  std::string catalog = testkit::CatalogSnapshot(*conn);
  Status s = Migrate(p.cfg, *plan, MigrateOptions{}, cap.output());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("002_fk.js"), std::string::npos) << s.error().message;
  EXPECT_EQ(testkit::CatalogSnapshot(*conn), catalog);
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT count(*) FROM alab_migrations"), "1\n");
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT count(*) FROM shop_purchase"), "1\n");
}

TEST_P(FaultTest, DestructiveOpsNeedConfirmationAndListRowCounts) {
  auto p = testkit::MakeProject(GetParam(), "destroy");
  p.WriteMigration("001_base.js", kBase);
  p.WriteMigration("002_drop.js", R"JS(export default migration({
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.drop_column("shop.customer", "note");
    m.drop_table("shop.purchase");
  },
  down(m) {
    m.create_table("shop.purchase", (t) => {
      t.id();
      t.uuid("buyer_id");
    });
    m.add_column("shop.customer", (t) => t.text("note").optional());
  },
});
)JS");
  auto plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  testkit::Captured cap;
  MigrateOptions base;
  base.to = "001";
  ASSERT_TRUE(Migrate(p.cfg, *plan, base, cap.output()).ok());
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn->Exec("INSERT INTO shop_customer (id, name, note) VALUES "
                         "('00000000-0000-4000-8000-000000000001', 'A', 'x')")
                  .ok());
  ASSERT_TRUE(conn->Exec("INSERT INTO shop_customer (id, name, note) VALUES "
                         "('00000000-0000-4000-8000-000000000002', 'B', 'y')")
                  .ok());
  ASSERT_TRUE(conn->Exec("INSERT INTO shop_customer (id, name) VALUES "
                         "('00000000-0000-4000-8000-000000000003', 'C')")
                  .ok());
  Status s = Migrate(p.cfg, *plan, MigrateOptions{}, cap.output());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ExitCode::kUserError);
  const std::string& m = s.error().message;
  EXPECT_NE(m.find("--confirm-destroy"), std::string::npos) << m;
  EXPECT_NE(m.find("migrations/002_drop.js:5:"), std::string::npos) << m;
  EXPECT_NE(m.find("drop column shop.customer.note (2 rows with a value)"), std::string::npos) << m;
  EXPECT_NE(m.find("drop table shop.purchase (0 rows)"), std::string::npos) << m;
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT count(*) FROM alab_migrations"), "1\n");
  MigrateOptions confirm;
  confirm.confirm_destroy = true;
  s = Migrate(p.cfg, *plan, confirm, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT count(*) FROM alab_migrations"), "2\n");
}

TEST_P(FaultTest, DeterminismComparesStoredSqlChecksums) {
  auto p = testkit::MakeProject(GetParam(), "determinism");
  p.WriteMigration("001_base.js", kBase);
  auto plan = testkit::PlanOrDie(p.cfg);
  testkit::Captured cap;
  ASSERT_TRUE(Migrate(p.cfg, *plan, MigrateOptions{}, cap.output()).ok());
  auto conn = testkit::ConnectOrDie(p.cfg);
  auto same = CheckDeterminism(*conn, *plan);
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->empty());
  ASSERT_TRUE(conn->Exec("UPDATE alab_migrations SET sql_checksum = 'x'").ok());
  auto differs = CheckDeterminism(*conn, *plan);
  ASSERT_TRUE(differs.ok());
  ASSERT_EQ(differs->size(), 1u);
  EXPECT_NE((*differs)[0].find("migrations/001_base.js"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Runner, FaultTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::runner
