// Type changes are exact on both dialects: a narrowing change never truncates, rounds or
// keeps a value of the wrong type (the migration fails and rolls back, even with
// --confirm-destroy), the guard counts exactly the rows that do not fit and names one, and
// SQLite keeps every digit of a decimal.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "base/strings.h"
#include "data/dump.h"
#include "data/seed.h"
#include "drift/drift.h"
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

const char* kItem = R"JS(    m.create_table("shop.item", (t) => {
      t.id();
      t.string("slug", 255);
      t.text("code").optional();
      t.decimal("price", 10, 2).optional();
      t.decimal("big", 14, 0).optional();
      t.enum("tier", ["a", "b", "c"]).optional();
    });)JS";

class ExactTypes : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
  }
  // 001 creates shop.item with 20 rows; 002 is `change` (undone by `undo`).
  void Start(const std::string& change, const std::string& undo) {
    p = testkit::MakeProject(GetParam(), "exact");
    p.WriteMigration("001_base.js", Mig("001", "", kItem, "    m.drop_table(\"shop.item\");"));
    p.WriteMigration("002_change.js", Mig("002", "001", change, undo));
    plan = testkit::PlanOrDie(p.cfg);
    ASSERT_TRUE(plan);
    MigrateOptions base;
    base.to = "001";
    Status s = Migrate(p.cfg, *plan, base, cap.output());
    ASSERT_TRUE(s.ok()) << s.error().message;
    conn = testkit::ConnectOrDie(p.cfg);
    ASSERT_TRUE(conn);
    for (int i = 1; i <= 20; ++i)
      Exec(
          fmt::format("INSERT INTO shop_item (id, slug, code, price, big, tier) VALUES ({}, "
                      "'item-{}', '{}', '{}.25', "
                      "'{}', 'a')",
                      Id(i), i, i, i, i * 1000));
  }
  void Exec(const std::string& sql) {
    Status s = conn->Exec(sql);
    ASSERT_TRUE(s.ok()) << sql << ": " << s.error().message;
  }
  std::string Rows(const std::string& sql) { return testkit::RowsText(*conn, sql); }
  Status MigrateAll(bool confirm_destroy) {
    MigrateOptions o;
    o.confirm_destroy = confirm_destroy;
    return Migrate(p.cfg, *plan, o, cap.output());
  }
  // The guard's message (without --confirm-destroy), then the confirmed migration fails
  // and leaves the catalog, the rows and the history exactly as they were.
  std::string ExpectRefusedBothWays() {
    std::string catalog = testkit::CatalogSnapshot(*conn);
    std::string rows = Rows("SELECT * FROM shop_item ORDER BY id");
    Status guarded = MigrateAll(false);
    EXPECT_FALSE(guarded.ok());
    std::string msg = guarded.ok() ? "" : guarded.error().message;
    Status confirmed = MigrateAll(true);
    EXPECT_FALSE(confirmed.ok()) << "the confirmed migration must fail rather than lose values";
    if (!confirmed.ok()) {
      EXPECT_NE(confirmed.error().message.find("002_change.js"), std::string::npos)
          << confirmed.error().message;
    }
    EXPECT_EQ(testkit::CatalogSnapshot(*conn), catalog);
    EXPECT_EQ(Rows("SELECT * FROM shop_item ORDER BY id"), rows);
    EXPECT_EQ(Rows("SELECT count(*) FROM alab_migrations"), "1\n");
    return msg;
  }
  std::string ColumnSql(const std::string& column) {
    if (GetParam() == "postgres")
      return Rows(
          "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
          "'shop_item'::regclass "
          "AND attname = '" +
          column + "'");
    return Rows("SELECT type FROM pragma_table_info('shop_item') WHERE name = '" + column + "'");
  }

  testkit::Project p;
  std::unique_ptr<Plan> plan;
  std::unique_ptr<dialect::Connection> conn;
  testkit::Captured cap;
};

TEST_P(ExactTypes, NarrowingAStringNeverTruncatesAndTheGuardCountsTheOneRowThatDoesNotFit) {
  Start(R"JS(    m.alter_column("shop.item", "slug", (c) => c.set_type("string", 60));)JS",
        R"JS(    m.alter_column("shop.item", "slug", (c) => c.set_type("string", 255));)JS");
  std::string long_slug = "long-" + std::string(71, 'x');
  ASSERT_EQ(long_slug.size(), 76u);
  Exec("UPDATE shop_item SET slug = '" + long_slug + "' WHERE id = " + Id(7));
  std::string before_type = ColumnSql("slug");
  std::string msg = ExpectRefusedBothWays();
  EXPECT_NE(msg.find("(1 row that does not fit VARCHAR(60), e.g. id "
                     "00000000-0000-4000-8000-000000000007: 'long-xxx"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("(76 characters)"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("20 rows"), std::string::npos) << msg;
  EXPECT_EQ(Rows("SELECT slug FROM shop_item WHERE id = " + Id(7)), long_slug + "\n");
  EXPECT_EQ(ColumnSql("slug"), before_type);
  EXPECT_NE(before_type.find("255"), std::string::npos) << before_type;

  // Once the value fits, the same migration applies (0 rows do not fit).
  Exec("UPDATE shop_item SET slug = 'short' WHERE id = " + Id(7));
  Status guarded = MigrateAll(false);
  ASSERT_FALSE(guarded.ok());
  EXPECT_NE(guarded.error().message.find("(0 rows that do not fit VARCHAR(60))"), std::string::npos)
      << guarded.error().message;
  Status s = MigrateAll(true);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_NE(ColumnSql("slug").find("60"), std::string::npos) << ColumnSql("slug");
  EXPECT_EQ(Rows("SELECT count(*) FROM shop_item"), "20\n");
}

TEST_P(ExactTypes, NarrowingADecimalNeverRoundsOrOverflows) {
  Start(R"JS(    m.alter_column("shop.item", "price", (c) => c.set_type("decimal", 6, 1));)JS",
        R"JS(    m.alter_column("shop.item", "price", (c) => c.set_type("decimal", 10, 2));)JS");
  // Every price has .25: two decimals do not fit one. Make all but two fit.
  Exec("UPDATE shop_item SET price = '1.5'");
  Exec("UPDATE shop_item SET price = '3.25' WHERE id = " + Id(3));      // scale
  Exec("UPDATE shop_item SET price = '123456.5' WHERE id = " + Id(9));  // precision
  std::string msg = ExpectRefusedBothWays();
  EXPECT_NE(msg.find("(2 rows that do not fit "), std::string::npos) << msg;
  EXPECT_NE(msg.find("e.g. id 00000000-0000-4000-8000-000000000003: '3.25'"), std::string::npos)
      << msg;
  std::string text = GetParam() == "postgres" ? "::text" : "";
  EXPECT_EQ(Rows("SELECT price" + text + " FROM shop_item WHERE id IN (" + Id(3) + ", " + Id(9) +
                 ") ORDER BY id"),
            GetParam() == "postgres" ? "3.25\n123456.50\n" : "3.25\n123456.5\n");
}

TEST_P(ExactTypes, NarrowingToIntegerChecksFractionsAndTheRange) {
  Start(R"JS(    m.alter_column("shop.item", "big", (c) => c.set_type("integer"));)JS",
        R"JS(    m.alter_column("shop.item", "big", (c) => c.set_type("decimal", 14, 0));)JS");
  Exec("UPDATE shop_item SET big = '3000000000' WHERE id = " + Id(12));  // beyond INTEGER's 32 bits
  std::string msg = ExpectRefusedBothWays();
  EXPECT_NE(msg.find("(1 row that does not fit INTEGER, e.g. id "
                     "00000000-0000-4000-8000-000000000012: '3000000000'"),
            std::string::npos)
      << msg;
  EXPECT_NE(Rows("SELECT big FROM shop_item WHERE id = " + Id(12)).find("3000000000"),
            std::string::npos);
}

TEST_P(ExactTypes, RemovingAnEnumValueCountsTheRowsHoldingIt) {
  Start(
      R"JS(    m.alter_column("shop.item", "tier", (c) => c.set_type("enum", ["a", "b"]));)JS",
      R"JS(    m.alter_column("shop.item", "tier", (c) => c.set_type("enum", ["a", "b", "c"]));)JS");
  Exec("UPDATE shop_item SET tier = 'c' WHERE id IN (" + Id(4) + ", " + Id(5) + ", " + Id(6) + ")");
  std::string msg = ExpectRefusedBothWays();
  EXPECT_NE(msg.find("(3 rows that do not fit enum ('a', 'b'), e.g. id "
                     "00000000-0000-4000-8000-000000000004: 'c')"),
            std::string::npos)
      << msg;
}

TEST_P(ExactTypes, TextToIntegerWithAWordFailsCleanly) {
  Start(R"JS(    m.alter_column("shop.item", "code", (c) => c.set_type("integer"));)JS",
        R"JS(    m.alter_column("shop.item", "code", (c) => c.set_type("text"));)JS");
  Exec("UPDATE shop_item SET code = 'abc' WHERE id = " + Id(2));
  std::string msg = ExpectRefusedBothWays();
  EXPECT_NE(
      msg.find(
          "(1 row that does not fit INTEGER, e.g. id 00000000-0000-4000-8000-000000000002: 'abc')"),
      std::string::npos)
      << msg;
  EXPECT_EQ(Rows("SELECT code FROM shop_item WHERE id = " + Id(2)), "abc\n");
  // Without the word, every value converts.
  Exec("UPDATE shop_item SET code = '2' WHERE id = " + Id(2));
  Status s = MigrateAll(true);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(Rows("SELECT code + 1 FROM shop_item WHERE id = " + Id(2)), "3\n");
}

TEST_P(ExactTypes, DecimalsRoundTripDigitForDigit) {
  p = testkit::MakeProject(GetParam(), "decimals");
  p.WriteMigration("001_base.js", Mig("001", "", R"JS(    m.create_table("shop.money", (t) => {
      t.id();
      t.decimal("amount", 19, 4);
      t.money("price").optional();
      t.integer("qty").optional();
    });)JS",
                                      "    m.drop_table(\"shop.money\");"));
  plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  Status s = Migrate(p.cfg, *plan, MigrateOptions{}, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  Exec("INSERT INTO shop_money (id, amount, price) VALUES (" + Id(1) +
       ", '123456789012345.6789', '999999999999999.9999')");
  Exec("INSERT INTO shop_money (id, amount) VALUES (" + Id(2) + ", '-0.0001')");
  std::string text = GetParam() == "postgres" ? "::text" : "";
  EXPECT_EQ(Rows("SELECT amount" + text + ", price" + text + " FROM shop_money ORDER BY id"),
            GetParam() == "postgres" ? "123456789012345.6789|999999999999999.9999\n-0.0001|\\N\n"
                                     : "123456789012345.6789|999999999999999.9999\n-0.0001|\\N\n");
  // Values the column cannot hold are refused on both dialects, not rounded.
  EXPECT_FALSE(
      conn->Exec("INSERT INTO shop_money (id, amount) VALUES (" + Id(3) + ", '1234567890123456.1')")
          .ok());
  EXPECT_FALSE(
      conn->Exec("INSERT INTO shop_money (id, amount) VALUES (" + Id(3) + ", 'abc')").ok());
  EXPECT_FALSE(
      conn->Exec("INSERT INTO shop_money (id, amount, qty) VALUES (" + Id(3) + ", '1', 'abc')")
          .ok());
  EXPECT_EQ(Rows("SELECT count(*) FROM shop_money"), "2\n");
  // The database matches its migrations.
  auto drift = drift::CheckDrift(p.cfg, *conn);
  ASSERT_TRUE(drift.ok()) << drift.error().message;
  EXPECT_FALSE(drift->drifted()) << drift->Render();
}

// A migration applied with render version 1 (NUMERIC decimals on SQLite, a plain cast on
// PostgreSQL) is still recognised by `check --determinism`, shows no drift, and a later
// rebuild of its table keeps every value.
TEST_P(ExactTypes, MigrationsAppliedWithRenderVersion1StayRecognised) {
  p = testkit::MakeProject(GetParam(), "render_v1");
  p.WriteMigration("001_base.js", Mig("001", "", kItem, "    m.drop_table(\"shop.item\");"));
  p.WriteMigration(
      "002_change.js",
      Mig("002", "001",
          R"JS(    m.alter_column("shop.item", "slug", (c) => c.set_type("string", 60));)JS",
          R"JS(    m.alter_column("shop.item", "slug", (c) => c.set_type("string", 255));)JS"));
  plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  auto v1 = BuildPlanFrom(plan->migrations, GetParam(), true, 1);
  ASSERT_TRUE(v1.ok()) << v1.error().message;
  // Version 2 spells these migrations differently (else this test proves nothing).
  EXPECT_NE((*v1)->ordered[1].sql_checksum, plan->ordered[1].sql_checksum);
  if (GetParam() == "sqlite") {
    EXPECT_NE((*v1)->ordered[0].sql_checksum, plan->ordered[0].sql_checksum);
  }
  MigrateOptions o;
  o.confirm_destroy = true;
  Status s = Migrate(p.cfg, **v1, o, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  auto det = CheckDeterminism(*conn, *plan);
  ASSERT_TRUE(det.ok()) << det.error().message;
  EXPECT_TRUE(det->empty()) << Join(*det, "\n");
  auto drift = drift::CheckDrift(p.cfg, *conn);
  ASSERT_TRUE(drift.ok()) << drift.error().message;
  EXPECT_FALSE(drift->drifted()) << drift->Render();
  // The old decimal column (NUMERIC on SQLite) is rebuilt into the new spelling with its values.
  Exec("INSERT INTO shop_item (id, slug, price) VALUES (" + Id(1) + ", 'a', 12.5), (" + Id(2) +
       ", 'b', '7')");
  p.WriteMigration(
      "003_price.js",
      Mig("003", "002",
          R"JS(    m.alter_column("shop.item", "price", (c) => c.set_type("decimal", 12, 2));)JS",
          R"JS(    m.alter_column("shop.item", "price", (c) => c.set_type("decimal", 10, 2));)JS"));
  plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  s = MigrateAll(false);
  ASSERT_TRUE(s.ok()) << s.error().message;
  std::string text = GetParam() == "postgres" ? "::text" : "";
  EXPECT_EQ(Rows("SELECT price" + text + " FROM shop_item ORDER BY id"),
            "12.50\n7" + std::string(GetParam() == "postgres" ? ".00" : "") + "\n");
  drift = drift::CheckDrift(p.cfg, *conn);
  ASSERT_TRUE(drift.ok()) << drift.error().message;
  EXPECT_FALSE(drift->drifted()) << drift->Render();
}

// A NUMERIC(p,s) column (what render version 1 declared for a decimal, NUMERIC affinity: REALs
// and INTEGERs) is a type kept as declared: a dump recreates it as it is and loads every value
// with the storage class it had, rather than turning the column into another one.
TEST(ExactTypesSqlite, OldNumericDecimalsDumpAsDeclared) {
  auto src = testkit::MakeProject("sqlite", "dump_src");
  auto dst = testkit::MakeProject("sqlite", "dump_dst");
  auto a = testkit::ConnectOrDie(src.cfg);
  auto b = testkit::ConnectOrDie(dst.cfg);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->Exec("CREATE TABLE \"prices\" (\"id\" INTEGER NOT NULL, \"v\" NUMERIC(12,4), "
                      "PRIMARY KEY (\"id\"))")
                  .ok());
  ASSERT_TRUE(
      a->Exec("INSERT INTO \"prices\" VALUES (1, 12.5), (2, 7), (3, 0.0001), (4, NULL), (5, -3.25)")
          .ok());
  std::string dump;
  auto r = data::Dump(*a, data::DumpOptions{}, [&](const std::string& piece) {
    dump += piece;
    return Status::Ok();
  });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(dump.find("\"v\" NUMERIC(12,4)"), std::string::npos) << dump;
  src.dir->Write("dump.sql", dump);
  auto seeded = data::Seed(*b, {{*src.dir / "dump.sql", "dump.sql"}});
  ASSERT_TRUE(seeded.ok()) << seeded.error().message << "\n" << dump;
  const std::string rows = "SELECT typeof(v), v FROM prices ORDER BY id";
  EXPECT_EQ(testkit::RowsText(*b, rows), testkit::RowsText(*a, rows));
  EXPECT_EQ(testkit::RowsText(*b, rows),
            "real|12.5\ninteger|7\nreal|0.0001\nnull|\\N\nreal|-3.25\n");
}

INSTANTIATE_TEST_SUITE_P(Dialects, ExactTypes, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::runner
