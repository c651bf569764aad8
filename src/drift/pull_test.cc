// End to end: `alab pull` round trips (demo project, a 200-table generated project) on
// SQLite and PostgreSQL, `alab diff`, and drift made by hand with plain SQL.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "dialect/connection.h"
#include "dialect/dialect.h"
#include "drift/drift.h"
#include "test_support.h"

namespace alab::drift {
namespace {

using alab::testing::RunAlab;
using alab::testing::RunResult;
using alab::testing::TempDir;

class PullTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      ALAB_REQUIRE_PG();
      url_ = alab::testing::CreatePgDatabase("pull");
    } else {
      url_ = (dir_ / "app.db").string();
    }
  }
  RunResult Alab(std::vector<std::string> args) {
    args.insert(args.begin(), {"--no-color", "--database-url", url_});
    return RunAlab(args, dir_.path());
  }
  // new + migrate, then the schema files are replaced by what `pull` writes.
  void MigrateThenPull() {
    RunResult n = Alab({"new", "init", "--yes"});
    ASSERT_EQ(n.exit_code, 0) << n.out << n.err;
    RunResult m = Alab({"migrate"});
    ASSERT_EQ(m.exit_code, 0) << m.out << m.err;
    RunResult d = Alab({"diff", "--from", "migrations", "--to", "db"});
    EXPECT_EQ(d.exit_code, 0) << d.err;
    EXPECT_EQ(d.out, "no changes\n");
    std::filesystem::rename(dir_ / "schemas", dir_ / "schemas_before");
    RunResult p = Alab({"pull", "--namespace-by-prefix"});
    ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
    RunResult again = Alab({"new", "again"});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("no changes"), std::string::npos) << again.out << again.err;
    RunResult d2 = Alab({"diff", "--from", "db", "--to", "schemas"});
    EXPECT_EQ(d2.out, "no changes\n") << d2.err;
  }
  TempDir dir_;
  std::string url_;
};

TEST_P(PullTest, DemoProjectRoundTrips) {
  ASSERT_EQ(RunAlab({"init", "--demo"}, dir_.path()).exit_code, 0);
  MigrateThenPull();
  EXPECT_NE(dir_.Read("schemas/blog/post.js").find(".many_to_many(\"blog.tag\")"),
            std::string::npos);
  EXPECT_NE(dir_.Read("schemas/blog/post.js").find("author: col.belongs_to(\"auth.user\")"),
            std::string::npos);
}

// bigint() and the datetime defaults (SQLite spells CURRENT_TIMESTAMP as an ISO 8601 strftime
// from render version 3) come back as the schema wrote them.
TEST_P(PullTest, BigintAndCurrentTimestampDefaultsRoundTrip) {
  ASSERT_EQ(RunAlab({"init", "-q"}, dir_.path()).exit_code, 0);
  dir_.Write(
      "schemas/shop/order.js",
      "export default table({\n  id: col.id(),\n  total: col.bigint(),\n  n: col.integer(),\n"
      "  paid_at: col.datetime().default(sql(\"CURRENT_TIMESTAMP\")),\n}).timestamps();\n");
  MigrateThenPull();
  std::string pulled = dir_.Read("schemas/shop/order.js");
  EXPECT_NE(pulled.find("total: col.bigint()"), std::string::npos) << pulled;
  EXPECT_NE(pulled.find("n: col.integer()"), std::string::npos) << pulled;
  EXPECT_NE(pulled.find(".timestamps()"), std::string::npos) << pulled;
  EXPECT_NE(pulled.find("CURRENT_TIMESTAMP"), std::string::npos) << pulled;
  EXPECT_EQ(pulled.find("strftime"), std::string::npos) << pulled;
}

TEST_P(PullTest, TwoHundredGeneratedTablesRoundTrip) {
  ASSERT_EQ(RunAlab({"init"}, dir_.path()).exit_code, 0);
  std::filesystem::remove_all(dir_ / "schemas");
  for (int i = 0; i < 200; ++i) {
    std::string ns = fmt::format("ns{}", i % 7);
    std::string fk = i == 0 ? ""
                            : fmt::format("  parent: col.belongs_to(\"ns{}.t{}\").optional(),\n",
                                          (i - 1) % 7, i - 1);
    dir_.Write(
        fmt::format("schemas/{}/t{}.js", ns, i),
        fmt::format(
            "export default table({{\n  id: col.id(),\n  name: col.string({}).unique(),\n"
            "  amount: col.decimal(12, 2).default(0),\n  active: col.boolean().default(true),\n"
            "  kind: col.enum([\"a\", \"b\"]).default(\"a\"),\n  data: col.json().optional(),\n"
            "  note: col.text().optional().check(\"length(note) < 1000\"),\n{}}})"
            ".timestamps().index(\"kind\", \"amount\");\n",
            40 + i % 50, fk));
  }
  MigrateThenPull();
}

TEST_P(PullTest, HandMadeDriftIsReported) {
  ASSERT_EQ(RunAlab({"init", "--demo"}, dir_.path()).exit_code, 0);
  ASSERT_EQ(Alab({"new", "init", "--yes"}).exit_code, 0);
  ASSERT_EQ(Alab({"migrate"}).exit_code, 0);
  auto conn = dialect::GetDialect(GetParam()).Connect(url_);
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE((*conn)->Exec("ALTER TABLE auth_user ADD COLUMN nickname TEXT").ok());
  ASSERT_TRUE((*conn)->Exec("DROP INDEX idx_blog_post_status_published_at").ok());
  config::Config cfg;
  cfg.root = dir_.path();
  cfg.dialect = GetParam();
  cfg.url = url_;
  cfg.schemas_dir = dir_ / "schemas";
  cfg.migrations_dir = dir_ / "migrations";
  auto report = CheckDrift(cfg, **conn);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->lines, (std::vector<std::string>{
                               "column auth_user.nickname exists in the database but not in the "
                               "migrations (run `alab pull` or "
                               "revert it)",
                               "index idx_blog_post_status_published_at on blog_post exists in the "
                               "migrations but not in the "
                               "database (restore it, or record its removal with `alab new`)"}));
  RunResult d = Alab({"diff", "--from", "migrations", "--to", "db"});
  EXPECT_EQ(d.out,
            "- DROP INDEX idx_blog_post_status_published_at\n"
            "~ ALTER TABLE auth_user ADD COLUMN nickname text NULL\n")
      << d.err;
}

TEST(CheckDrift, MissingSqliteFileIsNotCheckedNorCreated) {
  TempDir dir;
  config::Config cfg;
  cfg.root = dir.path();
  cfg.dialect = "sqlite";
  cfg.url = (dir / "app.db").string();
  cfg.schemas_dir = dir / "schemas";
  cfg.migrations_dir = dir / "migrations";
  auto report = CheckDrift(cfg);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->checked);
  EXPECT_FALSE(std::filesystem::exists(dir / "app.db"));
}

// `alab diff --sql | psql` (or sqlite3) must work when nothing differs: stdout holds SQL only,
// and the SQL of a real difference applies and leaves nothing to diff.
TEST_P(PullTest, DiffSqlWritesOnlySqlToStdout) {
  ASSERT_EQ(RunAlab({"init", "--demo"}, dir_.path()).exit_code, 0);
  ASSERT_EQ(Alab({"new", "init", "--yes"}).exit_code, 0);
  ASSERT_EQ(Alab({"migrate"}).exit_code, 0);
  RunResult none = Alab({"diff", "--from", "db", "--to", "schemas", "--sql"});
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "");
  EXPECT_NE(none.err.find("no changes"), std::string::npos) << none.err;

  dir_.Write("schemas/blog/note.js", "export default table({ id: col.id(), body: col.text() });\n");
  RunResult some = Alab({"diff", "--from", "db", "--to", "schemas", "--sql"});
  ASSERT_EQ(some.exit_code, 0) << some.err;
  ASSERT_NE(some.out.find("CREATE TABLE"), std::string::npos) << some.out;
  auto conn = dialect::GetDialect(GetParam()).Connect(url_);
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  // Every line of stdout is part of a statement: run the whole text as the shell tools would.
  size_t start = 0;
  while (start < some.out.size()) {
    size_t end = some.out.find(";\n", start);
    ASSERT_NE(end, std::string::npos) << some.out.substr(start);
    ASSERT_TRUE((*conn)->Exec(some.out.substr(start, end - start)).ok())
        << some.out.substr(start, end - start);
    start = end + 2;
  }
  auto rows = (*conn)->Query("SELECT count(*) FROM blog_note");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  RunResult after = Alab({"diff", "--from", "db", "--to", "schemas", "--sql"});
  EXPECT_EQ(after.out, "") << after.out;
}

INSTANTIATE_TEST_SUITE_P(Dialects, PullTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace alab::drift
