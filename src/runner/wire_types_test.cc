// bigint() on both dialects: a 64-bit value is stored and read back, integer -> bigint widens
// keeping every row, and bigint -> integer stops on a row that does not fit (3000000000) without
// losing it.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "base/strings.h"
#include "inspect/drift.h"
#include "runner/executor.h"
#include "runner/testkit.h"

namespace alab::runner {
namespace {

std::string Mig(const std::string& rev, const std::string& down_rev, const std::string& up,
                const std::string& down) {
  return fmt::format(R"JS(export default migration({{
  up_revision: "{}",
  down_revision: {},
  up(m) {{
{}
  }},
  down(m) {{
{}
  }},
}});
)JS",
                     rev, down_rev.empty() ? "null" : "\"" + down_rev + "\"", up, down);
}

std::string Id(int n) { return fmt::format("'00000000-0000-4000-8000-{:012}'", n); }

class WireTypes : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
  }
  void Exec(const std::string& sql) {
    Status s = conn->Exec(sql);
    ASSERT_TRUE(s.ok()) << sql << ": " << s.error().message;
  }
  std::string Rows(const std::string& sql) { return testkit::RowsText(*conn, sql); }
  Status MigrateTo(const std::string& to, bool confirm_destroy) {
    MigrateOptions o;
    o.to = to;
    o.confirm_destroy = confirm_destroy;
    return Migrate(p.cfg, *plan, o, cap.output());
  }
  void ExpectNoDrift() {
    auto drift = inspect::CheckDrift(p.cfg, *conn);
    ASSERT_TRUE(drift.ok()) << drift.error().message;
    EXPECT_FALSE(drift->drifted()) << drift->Render();
  }
  std::string Text() const { return GetParam() == "postgres" ? "::text" : ""; }

  testkit::Project p;
  std::unique_ptr<Plan> plan;
  std::unique_ptr<dialect::Connection> conn;
  testkit::Captured cap;
};

TEST_P(WireTypes, BigintHoldsSixtyFourBitsWidensFromIntegerAndNeverNarrowsAValueAway) {
  p = testkit::MakeProject(GetParam(), "bigint");
  p.WriteMigration("001_base.js", Mig("001", "", R"JS(    m.create_table("shop.item", (t) => {
      t.id();
      t.integer("n");
      t.bigint("b").optional();
    });)JS",
                                      "    m.drop_table(\"shop.item\");"));
  p.WriteMigration("002_widen.js",
                   Mig("002", "001", R"JS(    m.alter_column("shop.item", "n", (c) => c.set_type("bigint"));)JS",
                       R"JS(    m.alter_column("shop.item", "n", (c) => c.set_type("integer"));)JS"));
  p.WriteMigration("003_narrow.js",
                   Mig("003", "002", R"JS(    m.alter_column("shop.item", "b", (c) => c.set_type("integer"));)JS",
                       R"JS(    m.alter_column("shop.item", "b", (c) => c.set_type("bigint"));)JS"));
  plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  Status s = MigrateTo("001", false);
  ASSERT_TRUE(s.ok()) << s.error().message;
  conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  Exec("INSERT INTO shop_item (id, n, b) VALUES (" + Id(1) + ", 2147483647, 3000000000), (" + Id(2) +
       ", -2147483648, -9223372036854775807 - 1), (" + Id(3) + ", 7, 9223372036854775807), (" + Id(4) + ", 8, NULL)");
  EXPECT_EQ(Rows("SELECT b" + Text() + " FROM shop_item ORDER BY id"),
            "3000000000\n-9223372036854775808\n9223372036854775807\n\\N\n");
  ExpectNoDrift();
  // integer() is 32-bit on both dialects: a 64-bit value is refused by PostgreSQL's INTEGER.
  if (GetParam() == "postgres") EXPECT_FALSE(conn->Exec("UPDATE shop_item SET n = 3000000000").ok());

  // Widening is not destructive: no --confirm-destroy, every row kept, and the column takes 64 bits.
  s = MigrateTo("002", false);
  ASSERT_TRUE(s.ok()) << s.error().message;
  Exec("UPDATE shop_item SET n = 3000000000 WHERE id = " + Id(3));
  EXPECT_EQ(Rows("SELECT n" + Text() + " FROM shop_item ORDER BY id"), "2147483647\n-2147483648\n3000000000\n8\n");
  ExpectNoDrift();

  // Narrowing bigint -> integer: the guard counts the rows that do not fit, and the confirmed
  // migration stops rather than lose them.
  std::string catalog = testkit::CatalogSnapshot(*conn);
  std::string rows = Rows("SELECT * FROM shop_item ORDER BY id");
  Status guarded = MigrateTo("003", false);
  ASSERT_FALSE(guarded.ok());
  EXPECT_NE(guarded.error().message.find("3 rows that do not fit INTEGER"), std::string::npos)
      << guarded.error().message;
  Status confirmed = MigrateTo("003", true);
  ASSERT_FALSE(confirmed.ok()) << "the confirmed narrowing must fail rather than lose values";
  EXPECT_NE(confirmed.error().message.find("003_narrow.js"), std::string::npos) << confirmed.error().message;
  EXPECT_EQ(testkit::CatalogSnapshot(*conn), catalog);
  EXPECT_EQ(Rows("SELECT * FROM shop_item ORDER BY id"), rows);
  EXPECT_EQ(Rows("SELECT b" + Text() + " FROM shop_item WHERE id = " + Id(1)), "3000000000\n");
  EXPECT_EQ(Rows("SELECT count(*) FROM alab_migrations"), "2\n");

  // Once every value fits, the same migration applies.
  Exec("UPDATE shop_item SET b = 5 WHERE b IS NOT NULL");
  s = MigrateTo("003", true);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(Rows("SELECT b" + Text() + " FROM shop_item ORDER BY id"), "5\n5\n5\n\\N\n");
  ExpectNoDrift();
}

INSTANTIATE_TEST_SUITE_P(Dialects, WireTypes, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::runner
