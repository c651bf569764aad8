// bigint() on both dialects: a 64-bit value is stored and read back, integer -> bigint widens
// keeping every row, and bigint -> integer stops on a row that does not fit (3000000000) without
// losing it. On SQLite a datetime's CURRENT_TIMESTAMP default stores the wire format from render
// version 3, while migrations applied at version 2 stay recognised and their rows keep their text.
#include <regex>

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "base/strings.h"
#include "drift/drift.h"
#include "runner/executor.h"
#include "runner/runner_test_util.h"

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
    auto drift = drift::CheckDrift(p.cfg, *conn);
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
  p.WriteMigration(
      "002_widen.js",
      Mig("002", "001", R"JS(    m.alter_column("shop.item", "n", (c) => c.set_type("bigint"));)JS",
          R"JS(    m.alter_column("shop.item", "n", (c) => c.set_type("integer"));)JS"));
  p.WriteMigration(
      "003_narrow.js",
      Mig("003", "002",
          R"JS(    m.alter_column("shop.item", "b", (c) => c.set_type("integer"));)JS",
          R"JS(    m.alter_column("shop.item", "b", (c) => c.set_type("bigint"));)JS"));
  plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  Status s = MigrateTo("001", false);
  ASSERT_TRUE(s.ok()) << s.error().message;
  conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  Exec("INSERT INTO shop_item (id, n, b) VALUES (" + Id(1) + ", 2147483647, 3000000000), (" +
       Id(2) + ", -2147483648, -9223372036854775807 - 1), (" + Id(3) +
       ", 7, 9223372036854775807), (" + Id(4) + ", 8, NULL)");
  EXPECT_EQ(Rows("SELECT b" + Text() + " FROM shop_item ORDER BY id"),
            "3000000000\n-9223372036854775808\n9223372036854775807\n\\N\n");
  ExpectNoDrift();
  // integer() is 32-bit on both dialects: a 64-bit value is refused by PostgreSQL's INTEGER.
  if (GetParam() == "postgres") {
    EXPECT_FALSE(conn->Exec("UPDATE shop_item SET n = 3000000000").ok());
  }

  // Widening is not destructive: no --confirm-destroy, every row kept, and the column takes 64
  // bits.
  s = MigrateTo("002", false);
  ASSERT_TRUE(s.ok()) << s.error().message;
  Exec("UPDATE shop_item SET n = 3000000000 WHERE id = " + Id(3));
  EXPECT_EQ(Rows("SELECT n" + Text() + " FROM shop_item ORDER BY id"),
            "2147483647\n-2147483648\n3000000000\n8\n");
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
  EXPECT_NE(confirmed.error().message.find("003_narrow.js"), std::string::npos)
      << confirmed.error().message;
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

// decimal -> bigint keeps whole values beyond 32 bits and stops on a fraction.
TEST_P(WireTypes, DecimalToBigintKeepsLargeWholeValuesAndStopsOnAFraction) {
  p = testkit::MakeProject(GetParam(), "dec_bigint");
  p.WriteMigration("001_base.js", Mig("001", "", R"JS(    m.create_table("shop.item", (t) => {
      t.id();
      t.decimal("d", 20, 2);
    });)JS",
                                      "    m.drop_table(\"shop.item\");"));
  p.WriteMigration(
      "002_to_bigint.js",
      Mig("002", "001", R"JS(    m.alter_column("shop.item", "d", (c) => c.set_type("bigint"));)JS",
          R"JS(    m.alter_column("shop.item", "d", (c) => c.set_type("decimal", 20, 2));)JS"));
  plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  Status s = MigrateTo("001", false);
  ASSERT_TRUE(s.ok()) << s.error().message;
  conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  Exec("INSERT INTO shop_item (id, d) VALUES (" + Id(1) + ", '3000000000'), (" + Id(2) +
       ", '1.5')");
  std::string rows = Rows("SELECT * FROM shop_item ORDER BY id");
  Status guarded = MigrateTo("002", false);
  ASSERT_FALSE(guarded.ok());
  EXPECT_NE(guarded.error().message.find("1 row that does not fit BIGINT"), std::string::npos)
      << guarded.error().message;
  EXPECT_FALSE(MigrateTo("002", true).ok());
  EXPECT_EQ(Rows("SELECT * FROM shop_item ORDER BY id"), rows);
  Exec("UPDATE shop_item SET d = '2' WHERE id = " + Id(2));
  s = MigrateTo("002", true);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(Rows("SELECT d" + Text() + " FROM shop_item ORDER BY id"), "3000000000\n2\n");
  ExpectNoDrift();
}

INSTANTIATE_TEST_SUITE_P(Dialects, WireTypes, ::testing::Values("sqlite", "postgres"));

const char* kStamped = R"JS(    m.create_table("shop.order", (t) => {
      t.id();
      t.string("ref", 20);
      t.datetime("paid_at").default(sql("CURRENT_TIMESTAMP"));
      t.timestamps();
    });)JS";

const std::regex kWireDatetime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");

TEST(SqliteDatetimeDefaults, StoreIsoUtcFromRenderVersion3) {
  testkit::Project p = testkit::MakeProject("sqlite", "iso_now");
  p.WriteMigration("001_base.js", Mig("001", "", kStamped, "    m.drop_table(\"shop.order\");"));
  auto plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  testkit::Captured cap;
  Status s = Migrate(p.cfg, *plan, MigrateOptions{}, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  ASSERT_TRUE(conn->Exec("INSERT INTO shop_order (ref) VALUES ('a')").ok());
  for (const char* col : {"paid_at", "created_at", "updated_at"}) {
    std::string v = Trim(testkit::RowsText(*conn, fmt::format("SELECT {} FROM shop_order", col)));
    EXPECT_TRUE(std::regex_match(v, kWireDatetime)) << col << ": " << v;
  }
  std::string table_sql =
      testkit::RowsText(*conn, "SELECT sql FROM sqlite_schema WHERE name = 'shop_order'");
  EXPECT_NE(table_sql.find("DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"), std::string::npos)
      << table_sql;
  EXPECT_EQ(table_sql.find("CURRENT_TIMESTAMP"), std::string::npos) << table_sql;
  // The schema's CURRENT_TIMESTAMP and the database's spelling of it are the same default.
  auto drift = drift::CheckDrift(p.cfg, *conn);
  ASSERT_TRUE(drift.ok()) << drift.error().message;
  EXPECT_FALSE(drift->drifted()) << drift->Render();
}

// A migration applied at render version 2 (CURRENT_TIMESTAMP) passes `check --determinism`
// and shows no drift; a later rebuild of its table copies the old rows' text unchanged while
// new rows get the wire format.
TEST(SqliteDatetimeDefaults, MigrationsAppliedWithRenderVersion2StayRecognisedAndKeepTheirRows) {
  testkit::Project p = testkit::MakeProject("sqlite", "iso_now_v2");
  p.WriteMigration("001_base.js", Mig("001", "", kStamped, "    m.drop_table(\"shop.order\");"));
  auto plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  auto v2 = BuildPlanFrom(plan->migrations, "sqlite", true, 2);
  ASSERT_TRUE(v2.ok()) << v2.error().message;
  // Version 3 spells this migration differently (else this test proves nothing).
  EXPECT_NE((*v2)->ordered[0].sql_checksum, plan->ordered[0].sql_checksum);
  testkit::Captured cap;
  Status s = Migrate(p.cfg, **v2, MigrateOptions{}, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  auto det = CheckDeterminism(*conn, *plan);
  ASSERT_TRUE(det.ok()) << det.error().message;
  EXPECT_TRUE(det->empty()) << Join(*det, "\n");
  auto drift = drift::CheckDrift(p.cfg, *conn);
  ASSERT_TRUE(drift.ok()) << drift.error().message;
  EXPECT_FALSE(drift->drifted()) << drift->Render();
  ASSERT_TRUE(conn->Exec("INSERT INTO shop_order (ref) VALUES ('old')").ok());
  std::string old = Trim(testkit::RowsText(*conn, "SELECT created_at FROM shop_order"));
  ASSERT_TRUE(std::regex_match(old, std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)"))) << old;

  // A rebuild (a type change on SQLite) at version 3 keeps the old text, and new rows are ...Z.
  p.WriteMigration(
      "002_ref.js",
      Mig("002", "001",
          R"JS(    m.alter_column("shop.order", "ref", (c) => c.set_type("string", 40));)JS",
          R"JS(    m.alter_column("shop.order", "ref", (c) => c.set_type("string", 20));)JS"));
  plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  s = Migrate(p.cfg, *plan, MigrateOptions{}, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(Trim(testkit::RowsText(*conn, "SELECT created_at FROM shop_order WHERE ref = 'old'")),
            old);
  ASSERT_TRUE(conn->Exec("INSERT INTO shop_order (ref) VALUES ('new')").ok());
  std::string fresh =
      Trim(testkit::RowsText(*conn, "SELECT created_at FROM shop_order WHERE ref = 'new'"));
  EXPECT_TRUE(std::regex_match(fresh, kWireDatetime)) << fresh;
  det = CheckDeterminism(*conn, *plan);
  ASSERT_TRUE(det.ok()) << det.error().message;
  EXPECT_TRUE(det->empty()) << Join(*det, "\n");
  drift = drift::CheckDrift(p.cfg, *conn);
  ASSERT_TRUE(drift.ok()) << drift.error().message;
  EXPECT_FALSE(drift->drifted()) << drift->Render();
}

// PostgreSQL spells CURRENT_TIMESTAMP defaults as before: version 3 changes nothing there.
TEST(PostgresDatetimeDefaults, RenderVersion3ChangesNothing) {
  ALAB_REQUIRE_PG();
  testkit::Project p = testkit::MakeProject("postgres", "pg_now");
  p.WriteMigration("001_base.js", Mig("001", "", kStamped, "    m.drop_table(\"shop.order\");"));
  auto plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  auto v2 = BuildPlanFrom(plan->migrations, "postgres", true, 2);
  ASSERT_TRUE(v2.ok()) << v2.error().message;
  EXPECT_EQ((*v2)->ordered[0].sql_checksum, plan->ordered[0].sql_checksum);
}

}  // namespace
}  // namespace alab::runner
