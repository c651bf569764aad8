// A SQLite table rebuild keeps what the migrations do not know about the table: hand-made
// triggers (they still fire), hand-made indexes, the views of the schema; and it refuses to
// drop a column that was added by hand, with its values.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "base/strings.h"
#include "runner/runner_test_util.h"

namespace alab::runner {
namespace {

// shop.item with an alab index on qty; 002 widens name (a rebuild on SQLite).
const char* kBase = R"JS(export default migration({
  up_revision: "001",
  down_revision: null,
  up(m) {
    m.create_table("shop.item", (t) => {
      t.id();
      t.string("name", 50);
      t.integer("qty").optional();
    });
    m.create_index("shop.item", ["qty"], { name: "idx_item_qty" });
  },
  down(m) {
    m.drop_table("shop.item");
  },
});
)JS";

std::string Mig002(const std::string& up, const std::string& down) {
  return fmt::format(R"JS(export default migration({{
  up_revision: "002",
  down_revision: "001",
  up(m) {{
{}
  }},
  down(m) {{
{}
  }},
}});
)JS",
                     up, down);
}

const char* kWiden =
    R"JS(    m.alter_column("shop.item", "name", (c) => c.set_type("string", 120));)JS";
const char* kNarrow =
    R"JS(    m.alter_column("shop.item", "name", (c) => c.set_type("string", 50));)JS";
// qty has an index, so SQLite cannot drop it in place: a rebuild without idx_item_qty.
const char* kDropQty = R"JS(    m.drop_column("shop.item", "qty");)JS";
const char* kAddQty = R"JS(    m.add_column("shop.item", (t) => t.integer("qty").optional());
    m.create_index("shop.item", ["qty"], { name: "idx_item_qty" });)JS";

std::string Id(int n) { return fmt::format("'00000000-0000-4000-8000-{:012}'", n); }

struct Fixture {
  testkit::Project p = testkit::MakeProject("sqlite", "rebuild_frame");
  std::unique_ptr<Plan> plan;
  std::unique_ptr<dialect::Connection> conn;
  testkit::Captured cap;

  // Applies 001 and fills three rows.
  void Start(const std::string& mig002) {
    p.WriteMigration("001_base.js", kBase);
    p.WriteMigration("002_change.js", mig002);
    plan = testkit::PlanOrDie(p.cfg);
    ASSERT_TRUE(plan);
    MigrateOptions base;
    base.to = "001";
    Status s = Migrate(p.cfg, *plan, base, cap.output());
    ASSERT_TRUE(s.ok()) << s.error().message;
    conn = testkit::ConnectOrDie(p.cfg);
    ASSERT_TRUE(conn);
    Exec(
        fmt::format("INSERT INTO shop_item (id, name, qty) VALUES ({}, 'apple', 3), ({}, 'pear', "
                    "1), ({}, 'plum', 7)",
                    Id(1), Id(2), Id(3)));
  }
  void Exec(const std::string& sql) {
    Status s = conn->Exec(sql);
    ASSERT_TRUE(s.ok()) << sql << ": " << s.error().message;
  }
  std::string Rows(const std::string& sql) { return testkit::RowsText(*conn, sql); }
  // The schema exactly as stored (every table, index, view and trigger with its SQL text).
  std::string Schema() {
    return Rows("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
  }
  Status MigrateAll(bool confirm_destroy = false) {
    MigrateOptions o;
    o.confirm_destroy = confirm_destroy;
    return Migrate(p.cfg, *plan, o, cap.output());
  }
  // Checks the migration really rebuilt the table (the new CREATE TABLE text).
  void ExpectRebuilt(const std::string& needle) {
    EXPECT_NE(Rows("SELECT sql FROM sqlite_master WHERE name = 'shop_item'").find(needle),
              std::string::npos)
        << Rows("SELECT sql FROM sqlite_master WHERE name = 'shop_item'");
  }
};

TEST(SqliteRebuildFrame, HandMadeTriggersSurviveAndStillFire) {
  Fixture f;
  f.Start(Mig002(kWiden, kNarrow));
  f.Exec("CREATE TABLE audit_log (what TEXT)");
  f.Exec("CREATE TABLE item_events (n INTEGER)");
  f.Exec(
      "CREATE TRIGGER trg_item_audit AFTER UPDATE OF name ON shop_item BEGIN "
      "INSERT INTO audit_log VALUES ('renamed ' || old.name || ' to ' || new.name); END");
  f.Exec(
      "CREATE TRIGGER trg_item_insert AFTER INSERT ON shop_item BEGIN INSERT INTO audit_log VALUES "
      "('added ' || new.name); END");
  // A trigger on another table that names the rebuilt one: the RENAME re-checks it.
  f.Exec(
      "CREATE TRIGGER trg_event AFTER INSERT ON item_events BEGIN "
      "UPDATE shop_item SET qty = qty + new.n WHERE name = 'green apple'; END");
  std::string triggers =
      f.Rows("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid");

  Status s = f.MigrateAll();
  ASSERT_TRUE(s.ok()) << s.error().message;
  f.ExpectRebuilt("120");
  EXPECT_EQ(
      f.Rows("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid"),
      triggers);
  EXPECT_EQ(f.Rows("SELECT name, qty FROM shop_item ORDER BY id"), "apple|3\npear|1\nplum|7\n");
  // They fire on the rebuilt table.
  f.Exec("UPDATE shop_item SET name = 'green apple' WHERE id = " + Id(1));
  f.Exec("INSERT INTO shop_item (id, name) VALUES (" + Id(4) + ", 'fig')");
  f.Exec("INSERT INTO item_events VALUES (10)");
  EXPECT_EQ(f.Rows("SELECT what FROM audit_log ORDER BY rowid"),
            "renamed apple to green apple\nadded fig\n");
  EXPECT_EQ(f.Rows("SELECT qty FROM shop_item WHERE id = " + Id(1)), "13\n");
}

TEST(SqliteRebuildFrame, HandMadeIndexSurvivesAndDroppedAlabIndexStaysDropped) {
  Fixture f;
  f.Start(Mig002(kDropQty, kAddQty));
  f.Exec("CREATE UNIQUE INDEX hand_item_name ON shop_item (name) WHERE name <> ''");
  std::string hand = f.Rows("SELECT sql FROM sqlite_master WHERE name = 'hand_item_name'");

  Status s = f.MigrateAll(/*confirm_destroy=*/true);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(f.Rows("SELECT name FROM pragma_table_info('shop_item') ORDER BY cid"), "id\nname\n");
  EXPECT_EQ(f.Rows("SELECT sql FROM sqlite_master WHERE name = 'hand_item_name'"), hand);
  EXPECT_EQ(f.Rows("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'shop_item' "
                   "AND sql IS NOT NULL"),
            "hand_item_name\n");  // idx_item_qty went with its column
  EXPECT_EQ(f.Rows("SELECT \"unique\", partial FROM pragma_index_list('shop_item') WHERE name = "
                   "'hand_item_name'"),
            "1|1\n");
  EXPECT_FALSE(f.conn->Exec("INSERT INTO shop_item (id, name) VALUES (" + Id(9) + ", 'pear')")
                   .ok());  // still enforced
  EXPECT_EQ(f.Rows("SELECT name FROM shop_item ORDER BY id"), "apple\npear\nplum\n");
}

TEST(SqliteRebuildFrame, AlabIndexesAreNotDuplicated) {
  Fixture f;
  f.Start(Mig002(kWiden, kNarrow));
  Status s = f.MigrateAll();
  ASSERT_TRUE(s.ok()) << s.error().message;
  f.ExpectRebuilt("120");
  EXPECT_EQ(f.Rows("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'shop_item' "
                   "AND sql IS NOT NULL"),
            "idx_item_qty\n");
}

TEST(SqliteRebuildFrame, ViewsOnTheTableSurviveWithTheSameRows) {
  Fixture f;
  f.Start(Mig002(kWiden, kNarrow));
  f.Exec("CREATE VIEW v_item AS SELECT name, qty FROM shop_item WHERE qty > 1");
  f.Exec("CREATE VIEW v_item_names AS SELECT upper(name) AS n FROM v_item");   // a view on the view
  f.Exec("CREATE VIEW v_legacy AS SELECT \"tag\" AS t, name FROM shop_item");  // a string literal,
                                                                               // as SQLite allows
  f.Exec("CREATE TABLE view_log (what TEXT)");
  f.Exec(
      "CREATE TRIGGER trg_v_item INSTEAD OF INSERT ON v_item BEGIN INSERT INTO view_log VALUES "
      "(new.name); END");
  std::string views = f.Rows(
      "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY rowid");
  std::string rows = f.Rows("SELECT * FROM v_item ORDER BY name");
  ASSERT_EQ(rows, "apple|3\nplum|7\n");

  Status s = f.MigrateAll();
  ASSERT_TRUE(s.ok()) << s.error().message;
  f.ExpectRebuilt("120");
  EXPECT_EQ(f.Rows("SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') "
                   "ORDER BY rowid"),
            views);
  EXPECT_EQ(f.Rows("SELECT * FROM v_item ORDER BY name"), rows);
  EXPECT_EQ(f.Rows("SELECT n FROM v_item_names ORDER BY n"), "APPLE\nPLUM\n");
  EXPECT_EQ(f.Rows("SELECT t, name FROM v_legacy ORDER BY name"),
            "tag|apple\ntag|pear\ntag|plum\n");
  f.Exec("INSERT INTO v_item (name) VALUES ('kiwi')");
  EXPECT_EQ(f.Rows("SELECT what FROM view_log"), "kiwi\n");
}

TEST(SqliteRebuildFrame, ViewUsingADroppedColumnFailsCleanly) {
  Fixture f;
  f.Start(Mig002(kDropQty, kAddQty));
  // Double-quoted: SQLite would read "qty" as the string 'qty' once the column is gone.
  f.Exec("CREATE VIEW v_stock AS SELECT name, \"qty\" FROM shop_item");
  std::string schema = f.Schema();
  std::string history = f.Rows("SELECT revision FROM alab_migrations");

  Status s = f.MigrateAll(/*confirm_destroy=*/true);
  ASSERT_FALSE(s.ok());
  const std::string& m = s.error().message;
  EXPECT_NE(m.find("migrations/002_change.js:5:"), std::string::npos) << m;
  EXPECT_NE(m.find("view \"v_stock\" no longer works"), std::string::npos) << m;
  EXPECT_NE(m.find("qty"), std::string::npos) << m;
  EXPECT_NE(m.find("h.before('DROP VIEW \"v_stock\"')"), std::string::npos) << m;
  EXPECT_EQ(f.Schema(), schema);
  EXPECT_EQ(f.Rows("SELECT revision FROM alab_migrations"), history);
  EXPECT_EQ(f.Rows("SELECT * FROM v_stock ORDER BY name"), "apple|3\npear|1\nplum|7\n");
}

TEST(SqliteRebuildFrame, HandMadeIndexOnADroppedColumnFailsCleanly) {
  Fixture f;
  f.Start(Mig002(kDropQty, kAddQty));
  f.Exec("CREATE INDEX hand_item_qty_name ON shop_item (\"qty\", name)");  // not an index on 'qty'
                                                                           // after
  std::string schema = f.Schema();

  Status s = f.MigrateAll(/*confirm_destroy=*/true);
  ASSERT_FALSE(s.ok());
  const std::string& m = s.error().message;
  EXPECT_NE(m.find("cannot keep index \"hand_item_qty_name\""), std::string::npos) << m;
  EXPECT_NE(m.find("DROP INDEX \"hand_item_qty_name\""), std::string::npos) << m;
  EXPECT_EQ(f.Schema(), schema);
  EXPECT_EQ(f.Rows("SELECT count(*) FROM alab_migrations"), "1\n");
  EXPECT_EQ(f.Rows("SELECT name, qty FROM shop_item ORDER BY id"), "apple|3\npear|1\nplum|7\n");
}

// Through the built binary: the hand-made column stops migrate, keeps its values, and once
// the migration declares it (moving the values into the declared column) the rebuild runs.
TEST(SqliteRebuildFrame, HandAddedColumnStopsTheRebuildUntilDeclared) {
  Fixture f;
  f.Start(Mig002(kWiden, kNarrow));
  testkit::WriteAlabYaml(f.p);
  f.Exec("ALTER TABLE shop_item ADD COLUMN notes TEXT");
  f.Exec("UPDATE shop_item SET notes = 'note ' || name");
  std::string schema = f.Schema();

  auto r = testing::RunAlab({"migrate"}, f.p.dir->path());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("migrations/002_change.js:5:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("table \"shop_item\" (shop.item) has column \"notes\" that the migrations "
                       "do not declare"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("schemas/shop/item.js"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ALTER TABLE \"shop_item\" DROP COLUMN \"notes\""), std::string::npos)
      << r.err;
  EXPECT_EQ(f.Schema(), schema);
  EXPECT_EQ(f.Rows("SELECT name, notes FROM shop_item ORDER BY id"),
            "apple|note apple\npear|note pear\nplum|note plum\n");
  EXPECT_EQ(f.Rows("SELECT count(*) FROM alab_migrations"), "1\n");

  // The fix the message gives: declare the column, moving the hand-made one's values over.
  f.p.WriteMigration(
      "002_change.js",
      Mig002(R"JS(    m.sql('ALTER TABLE "shop_item" RENAME COLUMN "notes" TO "notes_old"');
    m.add_column("shop.item", (t) => t.text("notes").optional());
    m.sql('UPDATE "shop_item" SET "notes" = "notes_old"');
    m.sql('ALTER TABLE "shop_item" DROP COLUMN "notes_old"');
)JS" + std::string(kWiden),
             std::string(kNarrow) + "\n    m.drop_column(\"shop.item\", \"notes\");"));
  r = testing::RunAlab({"migrate"}, f.p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  f.ExpectRebuilt("120");
  EXPECT_EQ(f.Rows("SELECT name, qty, notes FROM shop_item ORDER BY id"),
            "apple|3|note apple\npear|1|note pear\nplum|7|note plum\n");
}

}  // namespace
}  // namespace alab::runner
