// A NUL byte or another control character in SQL text (m.sql, hooks, sql() defaults,
// checks, index conditions) or in .docs() is refused with file:line before anything reaches a
// database: PostgreSQL would run the text up to the NUL (UPDATE ... SET frozen = true on every
// row instead of one), SQLite would stop reading there. The connections refuse such text too.
#include <gtest/gtest.h>

#include "base/strings.h"
#include "runner/runner_test_util.h"

namespace alab::runner {
namespace {

const char* kAccounts = R"JS(export default migration({
  description: "accounts",
  up_revision: "001",
  down_revision: null,
  up(m) {
    m.create_table("app.acct", (t) => {
      t.integer("n");
      t.boolean("frozen").default(false);
    });
    m.sql("INSERT INTO app_acct (n, frozen) SELECT x, false FROM (WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100) SELECT x FROM n) AS s");
  },
  down(m) {
    m.drop_table("app.acct");
  },
});
)JS";

// The file holds the six characters \u0000; JavaScript makes them a NUL byte.
const char* kFreeze = R"JS(export default migration({
  description: "freeze one account",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.sql("UPDATE app_acct SET frozen = true\u0000 WHERE n = 5");
  },
  down(m) {
    m.sql("UPDATE app_acct SET frozen = false WHERE n = 5");
  },
});
)JS";

// Every other place SQL text comes from, each with its own control character.
const char* kEverywhere = R"JS(export default migration({
  description: "everywhere",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.add_column("app.acct", (t) => t.string("note", 20).default(sql("'a'\u0000")));
    m.add_check("app.acct", "chk_n", "n > 0\u001b");
    m.create_index("app.acct", ["frozen"], { where: "frozen\u0000" });
    m.sql(sql({ postgres: "SELECT 1", sqlite: "SELECT 1\u0007" }));
    m.add_column("app.acct", (t) => t.string("label", 20).default("x\u0000y"));
  },
  up_hook(h) {
    h.before("SELECT 1;\u0000 DELETE FROM app_acct;");
    h.backfill("app.acct", "note", "'n'\u0000");
  },
});
)JS";

template <size_t N>
std::string WithNul(const char (&s)[N]) {
  return std::string(s, N - 1);
}

class ControlCharsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
  }
};

TEST_P(ControlCharsTest, NulInMigrationSqlIsRefusedWithLocationAndNoRowChanges) {
  auto p = testkit::MakeProject(GetParam(), "nul_sql");
  testkit::WriteAlabYaml(p);
  p.WriteMigration("001_accounts.js", kAccounts);
  auto r = testing::RunAlab({"migrate"}, p.dir->path(), {"NO_COLOR=1"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  p.WriteMigration("002_freeze.js", kFreeze);
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT count(*) FROM app_acct WHERE frozen"), "0\n");
  for (std::vector<std::string> cmd :
       {std::vector<std::string>{"migrate"}, {"sql", "002"}, {"check"}}) {
    r = testing::RunAlab(cmd, p.dir->path(), {"NO_COLOR=1"});
    EXPECT_EQ(r.exit_code, 1) << cmd[0] << ": " << r.out << r.err;
    EXPECT_NE(r.err.find("migrations/002_freeze.js:6:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("a NUL byte (\\u0000) (character 34)"), std::string::npos) << r.err;
    // `alab sql` prints nothing rather than the text up to the NUL.
    EXPECT_EQ(r.out.find("UPDATE app_acct"), std::string::npos) << r.out;
  }
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT count(*) FROM app_acct WHERE frozen"), "0\n");
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT count(*) FROM app_acct"), "100\n");
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT count(*) FROM alab_migrations"), "1\n");
}

TEST_P(ControlCharsTest, EverySqlTextSourceIsChecked) {
  auto p = testkit::MakeProject(GetParam(), "ctl_sql");
  testkit::WriteAlabYaml(p);
  p.WriteMigration("001_accounts.js", kAccounts);
  p.WriteMigration("002_everywhere.js", kEverywhere);
  auto r = testing::RunAlab({"migrate"}, p.dir->path(), {"NO_COLOR=1"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  for (const char* expected :
       {"002_everywhere.js:6:", "default() SQL contains a NUL byte",
        "002_everywhere.js:7:", "add_check() expression contains control character \\u001b",
        "002_everywhere.js:8:", "create_index() where contains a NUL byte",
        "002_everywhere.js:9:", "sql() sqlite text contains control character \\u0007",
        "002_everywhere.js:10:", "default() contains a NUL byte (\\u0000) at character 2",
        "002_everywhere.js:13:", "before() text contains a NUL byte",
        "002_everywhere.js:14:", "backfill() SQL value contains a NUL byte"})
    EXPECT_NE(r.err.find(expected), std::string::npos) << expected << "\n" << r.err;
  // Nothing ran: not even 001.
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT count(*) FROM app_acct").rfind("ERROR", 0), 0u);
}

// The connections themselves never send text holding a NUL (seed files, internal SQL).
TEST_P(ControlCharsTest, ConnectionRefusesNulAndRunsNothing) {
  auto p = testkit::MakeProject(GetParam(), "nul_conn");
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  ASSERT_TRUE(
      conn->Exec(
              "CREATE TABLE acct (id INTEGER PRIMARY KEY, frozen BOOLEAN NOT NULL DEFAULT FALSE)")
          .ok());
  ASSERT_TRUE(conn->Exec("INSERT INTO acct (id) VALUES (1), (5), (9)").ok());
  Status s = conn->Exec(WithNul("UPDATE acct SET frozen = TRUE\0 WHERE id = 5"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("NUL byte (\\u0000) at character 30 of 43; nothing was run"),
            std::string::npos)
      << s.error().message;
  auto q = conn->Query(WithNul("SELECT 1\0; DELETE FROM acct"), {});
  EXPECT_FALSE(q.ok());
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT count(*) FROM acct WHERE frozen"), "0\n");
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT count(*) FROM acct"), "3\n");
}

INSTANTIATE_TEST_SUITE_P(Dialects, ControlCharsTest, ::testing::Values("sqlite", "postgres"));

// .docs() and .deprecated() reach every export: a NUL or an escape character is refused where
// it is written.
TEST(ControlCharsDocsTest, DocsWithControlCharactersAreRefusedWithLocation) {
  testing::TempDir dir;
  dir.Write("alab.yaml", "database:\n  dialect: sqlite\n");
  dir.Write("schemas/app/item.js", R"JS(export default table({
  id: col.id(),
  name: col.string(80).docs("the name\u0000"),
  code: col.string(8).deprecated("use \u001b[31mname"),
}).docs("items\u0007");
)JS");
  for (std::vector<std::string> cmd : {std::vector<std::string>{"check"}, {"export", "-f", "go"}}) {
    auto r = testing::RunAlab(cmd, dir.path(), {"NO_COLOR=1"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("schemas/app/item.js:3:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("docs() contains a NUL byte (\\u0000) (character 9)"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("schemas/app/item.js:4:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("deprecated() contains control character \\u001b"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("schemas/app/item.js:5:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(".docs() contains control character \\u0007"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "exports"));
}

// A NUL in a computed column's literal (found by the JS fuzz target): refused with the file and
// line, never a crash (the refused literal was dereferenced as if it had been decoded).
TEST(ControlCharsDocsTest, NulInAComputedLiteralIsRefusedWithoutACrash) {
  testing::TempDir dir;
  dir.Write("alab.yaml", "database:\n  dialect: sqlite\n");
  dir.Write("schemas/app/item.js", R"JS(export default table({
  id: col.id(),
  first: col.string(40),
  joined: col.text().computed(fn.concat(fn.col("first"), "a\u0000b")),
});
)JS");
  auto r = testing::RunAlab({"schema"}, dir.path(), {"NO_COLOR=1", "ALAB_CACHE=off"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("schemas/app/item.js:4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("fn argument contains a NUL byte (\\u0000) at character 2"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find("app_item"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace alab::runner
