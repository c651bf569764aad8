// Consecutive SQLite rebuilds of one table in one migration fold into one rebuild (render
// version 2): seven alter_column calls copy the table once, the rows and the final shape are
// those of seven rebuilds, and a database that applied the unfolded SQL (render version 1)
// still passes `check --determinism`.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/strings.h"
#include "runner/executor.h"
#include "runner/runner_test_util.h"

namespace alab::runner {
namespace {

using testing::RunAlab;

const char* kCreate = R"(export default migration({
  up_revision: "001",
  down_revision: null,
  up(m) {
    m.create_table("app.item", (t) => {
      t.id();
      t.string("name", 40).optional();
      t.string("code", 10);
      t.integer("qty").optional();
      t.string("note", 20).optional();
    });
  },
  down(m) {
    m.drop_table("app.item");
  },
});
)";

// Seven changes to app.item (each a rebuild on its own), then an unrelated table.
const char* kSeven = R"(export default migration({
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.alter_column("app.item", "name", (c) => c.set_type("string", 200));
    m.alter_column("app.item", "name", (c) => c.set_not_null().backfill("unnamed"));
    m.alter_column("app.item", "code", (c) => c.set_type("string", 30));
    m.alter_column("app.item", "qty", (c) => c.set_default(0));
    m.alter_column("app.item", "qty", (c) => c.set_not_null().backfill(1));
    m.alter_column("app.item", "note", (c) => c.set_type("text"));
    m.alter_column("app.item", "code", (c) => c.set_check("length(code) > 0"));
    m.create_table("app.other", (t) => {
      t.id();
    });
  },
  down(m) {
    m.drop_table("app.other");
    m.alter_column("app.item", "code", (c) => c.drop_check());
    m.alter_column("app.item", "note", (c) => c.set_type("string", 20));
    m.alter_column("app.item", "qty", (c) => c.set_nullable());
    m.alter_column("app.item", "qty", (c) => c.drop_default());
    m.alter_column("app.item", "code", (c) => c.set_type("string", 10));
    m.alter_column("app.item", "name", (c) => c.set_nullable());
    m.alter_column("app.item", "name", (c) => c.set_type("string", 40));
  },
});
)";

// The schema files that match the migrations after 002.
void WriteSchemas(const testkit::Project& p) {
  p.dir->Write(
      "schemas/app/item.js",
      "export default table({\n  id: col.id(),\n  name: col.string(200),\n"
      "  code: col.string(30).check(\"length(code) > 0\"),\n  qty: col.integer().default(0),\n"
      "  note: col.text().optional(),\n});\n");
  p.dir->Write("schemas/app/other.js", "export default table({\n  id: col.id(),\n});\n");
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

void Seed(dialect::Connection& conn) {
  ASSERT_TRUE(conn.Exec("INSERT INTO app_item (id, name, code, qty, note) VALUES "
                        "('00000000-0000-4000-8000-000000000001', NULL, 'a', NULL, 'first'), "
                        "('00000000-0000-4000-8000-000000000002', 'two', 'b', 7, NULL)")
                  .ok());
}

const char* kRowsSql = "SELECT name, code, qty, note FROM app_item ORDER BY id";
const char* kRowsAfter = "unnamed|a|1|first\ntwo|b|7|\\N\n";

TEST(SqliteRebuildFold, SevenAlterColumnsCopyTheTableOnce) {
  auto p = testkit::MakeProject("sqlite", "fold");
  testkit::WriteAlabYaml(p);
  p.WriteMigration("001_create.js", kCreate);
  p.WriteMigration("002_seven.js", kSeven);
  WriteSchemas(p);
  for (const char* dir : {"up", "down"}) {
    std::vector<std::string> args{"sql", "002"};
    if (std::string(dir) == "down") args.push_back("--down");
    auto sql = RunAlab(args, p.dir->path());
    ASSERT_EQ(sql.exit_code, 0) << sql.err;
    EXPECT_EQ(Count(sql.out, "INSERT INTO \"_alab_new_app_item\""), 1u) << dir << ":\n" << sql.out;
  }
  ASSERT_EQ(RunAlab({"migrate", "--to", "001"}, p.dir->path()).exit_code, 0);
  {
    auto conn = testkit::ConnectOrDie(p.cfg);
    ASSERT_TRUE(conn);
    Seed(*conn);
  }
  auto up_run = RunAlab({"migrate", "--confirm-destroy"}, p.dir->path());
  ASSERT_EQ(up_run.exit_code, 0) << up_run.err;
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  EXPECT_EQ(testkit::RowsText(*conn, kRowsSql), kRowsAfter);
  // The final shape holds: NOT NULL, the default, the check.
  EXPECT_FALSE(conn->Exec("INSERT INTO app_item (id, name, code) VALUES "
                          "('00000000-0000-4000-8000-000000000003', "
                          "NULL, 'c')")
                   .ok());
  EXPECT_FALSE(conn->Exec("INSERT INTO app_item (id, name, code) VALUES "
                          "('00000000-0000-4000-8000-000000000003', "
                          "'x', '')")
                   .ok());
  ASSERT_TRUE(conn->Exec("INSERT INTO app_item (id, name, code) VALUES "
                         "('00000000-0000-4000-8000-000000000003', 'x', 'c')")
                  .ok());
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT qty FROM app_item WHERE code = 'c'"), "0\n");
  conn.reset();
  auto check = RunAlab({"check", "--determinism"}, p.dir->path());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  // And back: the down() folds too, and the rows survive it.
  auto down = RunAlab({"rollback"}, p.dir->path());
  ASSERT_EQ(down.exit_code, 0) << down.err;
  auto back = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(back);
  EXPECT_EQ(testkit::RowsText(
                *back, "SELECT name, code, qty, note FROM app_item WHERE code <> 'c' ORDER BY id"),
            kRowsAfter);
}

// Two narrowing changes folded into one rebuild: each keeps its own fit check, so a value
// that does not fit the second one still stops the migration and nothing is truncated.
TEST(SqliteRebuildFold, FoldedNarrowingsEachRefuseWhatDoesNotFit) {
  auto p = testkit::MakeProject("sqlite", "fold_fit");
  testkit::WriteAlabYaml(p);
  p.WriteMigration("001_create.js", kCreate);
  p.WriteMigration("002_narrow.js", R"(export default migration({
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.alter_column("app.item", "note", (c) => c.set_type("string", 8));
    m.alter_column("app.item", "code", (c) => c.set_type("string", 3));
  },
  down(m) {
    m.alter_column("app.item", "code", (c) => c.set_type("string", 10));
    m.alter_column("app.item", "note", (c) => c.set_type("string", 20));
  },
});
)");
  auto sql = RunAlab({"sql", "002"}, p.dir->path());
  ASSERT_EQ(sql.exit_code, 0) << sql.err;
  EXPECT_EQ(Count(sql.out, "INSERT INTO \"_alab_new_app_item\""), 1u) << sql.out;
  EXPECT_EQ(Count(sql.out, "CREATE TEMP TRIGGER"), 2u) << sql.out;
  ASSERT_EQ(RunAlab({"migrate", "--to", "001"}, p.dir->path()).exit_code, 0);
  {
    auto conn = testkit::ConnectOrDie(p.cfg);
    ASSERT_TRUE(conn);
    ASSERT_TRUE(conn->Exec("INSERT INTO app_item (id, name, code, note) VALUES "
                           "('00000000-0000-4000-8000-000000000001', 'n', 'abcd', 'short')")
                    .ok());
  }
  auto up = RunAlab({"migrate", "--confirm-destroy"}, p.dir->path());
  EXPECT_NE(up.exit_code, 0) << up.out << up.err;
  EXPECT_NE(up.err.find("app.item.code: a value does not fit VARCHAR(3)"), std::string::npos)
      << up.err;
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT code, note FROM app_item"), "abcd|short\n");
  EXPECT_NE(testkit::RowsText(*conn, "SELECT sql FROM sqlite_master WHERE name = 'app_item'")
                .find("VARCHAR(10)"),
            std::string::npos);
  ASSERT_TRUE(conn->Exec("UPDATE app_item SET code = 'abc'").ok());
  conn.reset();
  auto again = RunAlab({"migrate", "--confirm-destroy"}, p.dir->path());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto after = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(after);
  EXPECT_EQ(testkit::RowsText(*after, "SELECT code, note FROM app_item"), "abc|short\n");
}

// A database that applied the seven rebuilds as an earlier alab rendered them (render version
// 1) stays green under `check --determinism`.
TEST(SqliteRebuildFold, UnfoldedHistoryStillPassesDeterminism) {
  auto p = testkit::MakeProject("sqlite", "fold_v1");
  testkit::WriteAlabYaml(p);
  p.WriteMigration("001_create.js", kCreate);
  p.WriteMigration("002_seven.js", kSeven);
  WriteSchemas(p);
  auto current = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(current);
  auto v1 = BuildPlanFrom(current->migrations, "sqlite", /*with_down=*/true, /*render_version=*/1);
  ASSERT_TRUE(v1.ok()) << v1.error().message;
  size_t v1_copies = 0;
  for (const auto& s : (*v1)->Find("002")->up)
    v1_copies += Count(s.sql, "INSERT INTO \"_alab_new_app_item\"");
  EXPECT_EQ(v1_copies, 7u);
  testkit::Captured cap;
  MigrateOptions o;
  o.confirm_destroy = true;
  Status s = Migrate(p.cfg, **v1, o, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto check = RunAlab({"check", "--determinism"}, p.dir->path());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

}  // namespace
}  // namespace alab::runner
