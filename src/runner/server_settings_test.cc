// String literals do not depend on server settings: a default, an enum check and a backfill
// holding `x\' ; DROP TABLE app_victim; --` apply byte-exact on a PostgreSQL database whose
// default is standard_conforming_strings = off (with each backslash_quote), both through alab's
// own connection (which sets it on) and as rendered SQL run in a session where it stays off.
// A migration applied with render version 1's spelling still passes `check --determinism`.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "base/strings.h"
#include "dialect/dialect.h"
#include "runner/executor.h"
#include "runner/plan.h"
#include "runner/runner_test_util.h"

namespace alab::runner {
namespace {

// The payload as the database must hold it.
const std::string kPayload = "x\\' ; DROP TABLE app_victim; --";

// JS source: "x\\' ; DROP TABLE app_victim; --" is the string x\' ; DROP TABLE app_victim; --
const char* kBase = R"JS(export default migration({
  description: "base",
  up_revision: "001",
  down_revision: null,
  up(m) {
    m.create_table("app.victim", (t) => {
      t.id();
    });
    m.create_table("app.thing", (t) => {
      t.id();
      t.string("s", 80).default("x\\' ; DROP TABLE app_victim; --");
      t.enum("e", ["x\\' ; DROP TABLE app_victim; --", "plain"]).default("x\\' ; DROP TABLE app_victim; --");
    });
  },
  down(m) {
    m.drop_table("app.thing");
    m.drop_table("app.victim");
  },
});
)JS";

// ALTER TABLE ... ADD COLUMN ... DEFAULT '...' is one line: where a backslash escapes the
// quote, the rest of the literal becomes statements of its own.
const char* kAdd = R"JS(export default migration({
  description: "add",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.add_column("app.thing", (t) => t.string("s2", 80).default("x\\' ; DROP TABLE app_victim; --"));
    m.add_column("app.thing", (t) => t.string("s3", 80).backfill("x\\' ; DROP TABLE app_victim; --"));
    m.add_column("app.thing", (t) => t.enum("e2", ["x\\' ; DROP TABLE app_victim; --", "b\\\\"]).optional());
    m.add_column("app.thing", (t) => t.json("j").default({ k: "x\\' ; DROP TABLE app_victim; --" }));
  },
  down(m) {
    m.drop_column("app.thing", "j");
    m.drop_column("app.thing", "e2");
    m.drop_column("app.thing", "s3");
    m.drop_column("app.thing", "s2");
  },
});
)JS";

std::string One(dialect::Connection& conn, const std::string& sql) {
  std::string rows = testkit::RowsText(conn, sql);
  if (!rows.empty() && rows.back() == '\n') rows.pop_back();
  return rows;
}

std::string DatabaseName(dialect::Connection& conn) {
  return One(conn, "SELECT current_database()");
}

// Row A was inserted after 001 (defaults s, e), then 002 added s2 (default) and s3 (backfill);
// row B is inserted now with every default but s3. Every value is the payload, byte for byte,
// the victim table is still there and the enum checks hold.
void ExpectPayloadStored(dialect::Connection& conn) {
  EXPECT_EQ(One(conn, "SELECT count(*) FROM app_victim"), "0");
  auto row_a = conn.Query("SELECT s, e, s2, s3 FROM app_thing", {});
  ASSERT_TRUE(row_a.ok()) << row_a.error().message;
  ASSERT_EQ(row_a->rows.size(), 1u);
  for (const auto& cell : row_a->rows[0]) EXPECT_EQ(cell.value_or("NULL"), kPayload);
  ASSERT_TRUE(conn.Exec("INSERT INTO app_thing (s3) VALUES ('b')").ok());
  auto row_b = conn.Query("SELECT s, e, s2 FROM app_thing WHERE s3 = 'b'", {});
  ASSERT_TRUE(row_b.ok()) << row_b.error().message;
  ASSERT_EQ(row_b->rows.size(), 1u);
  for (const auto& cell : row_b->rows[0]) EXPECT_EQ(cell.value_or("NULL"), kPayload);
  EXPECT_EQ(One(conn, "SELECT count(*) FROM app_thing WHERE j ->> 'k' = s"), "2");
  EXPECT_TRUE(conn.Exec("UPDATE app_thing SET e2 = 'b' || repeat(chr(92), 2)").ok());
  EXPECT_TRUE(conn.Exec("UPDATE app_thing SET e2 = s").ok());
  EXPECT_FALSE(conn.Exec("UPDATE app_thing SET e2 = 'x'").ok());
  EXPECT_FALSE(conn.Exec("UPDATE app_thing SET e = 'x'").ok());
  EXPECT_TRUE(conn.Exec("UPDATE app_thing SET e = 'plain'").ok());
}

class ServerSettingsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { ALAB_REQUIRE_PG(); }
};

// The database's default is standard_conforming_strings = off: alab's connection sets it on.
TEST_P(ServerSettingsTest, MigrateOnDatabaseWithStandardConformingStringsOff) {
  auto p = testkit::MakeProject("postgres", "scs_off");
  {
    auto admin = testkit::ConnectOrDie(p.cfg);
    ASSERT_TRUE(admin);
    std::string db = DatabaseName(*admin);
    ASSERT_TRUE(
        admin->Exec(fmt::format("ALTER DATABASE \"{}\" SET standard_conforming_strings = off", db))
            .ok());
    ASSERT_TRUE(
        admin->Exec(fmt::format("ALTER DATABASE \"{}\" SET backslash_quote = {}", db, GetParam()))
            .ok());
  }
  p.WriteMigration("001_base.js", kBase);
  p.WriteMigration("002_add.js", kAdd);
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  // A session's own default is the database's: off.
  ASSERT_TRUE(conn->Exec("RESET standard_conforming_strings").ok());
  ASSERT_EQ(One(*conn, "SHOW standard_conforming_strings"), "off");
  ASSERT_EQ(One(*conn, "SHOW backslash_quote"), GetParam());
  auto plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  testkit::Captured cap;
  MigrateOptions to_base;
  to_base.to = "001";
  Status s = Migrate(p.cfg, *plan, to_base, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_TRUE(conn->Exec("INSERT INTO app_thing DEFAULT VALUES").ok());
  s = Migrate(p.cfg, *plan, MigrateOptions{}, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(One(*conn, "SELECT count(*) FROM alab_migrations"), "2");
  ExpectPayloadStored(*conn);
}

// The rendered SQL itself is correct in a session where standard_conforming_strings stays off
// (someone pasting `alab sql` output into psql on such a server).
TEST_P(ServerSettingsTest, RenderedSqlRunsInSessionWithStandardConformingStringsOff) {
  auto p = testkit::MakeProject("postgres", "scs_session");
  p.WriteMigration("001_base.js", kBase);
  p.WriteMigration("002_add.js", kAdd);
  auto plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  auto run = [&](const Plan& which, dialect::Connection& conn, size_t upto) -> std::string {
    for (size_t i = 0; i < upto; ++i) {
      for (const auto& st : which.ordered[i].up) {
        if (Status s = conn.Exec(st.sql); !s.ok()) return s.error().message + " in: " + st.sql;
      }
      if (i == 0 && !conn.Exec("INSERT INTO app_thing DEFAULT VALUES").ok()) return "insert failed";
    }
    return "";
  };
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  ASSERT_TRUE(conn->Exec("SET standard_conforming_strings = off").ok());
  ASSERT_TRUE(conn->Exec("SET backslash_quote = " + GetParam()).ok());
  ASSERT_EQ(run(*plan, *conn, 2), "");
  ExpectPayloadStored(*conn);

  // Render version 1's spelling in the same session is the injection this guards against.
  auto v1 = BuildPlanFrom(plan->migrations, "postgres", false, 1);
  ASSERT_TRUE(v1.ok()) << v1.error().message;
  std::string other = testing::CreatePgDatabase("scs_v1");
  auto old_conn = dialect::GetDialect("postgres").Connect(other);
  ASSERT_TRUE(old_conn.ok());
  ASSERT_TRUE((*old_conn)->Exec("SET standard_conforming_strings = off").ok());
  ASSERT_TRUE((*old_conn)->Exec("SET backslash_quote = on").ok());
  for (const auto& st : plan->ordered[0].up) ASSERT_TRUE((*old_conn)->Exec(st.sql).ok()) << st.sql;
  for (const auto& st : (*v1)->ordered[1].up) (void)(*old_conn)->Exec(st.sql);
  EXPECT_EQ(One(**old_conn, "SELECT count(*) FROM pg_tables WHERE tablename = 'app_victim'"), "0");
}

INSTANTIATE_TEST_SUITE_P(BackslashQuote, ServerSettingsTest,
                         ::testing::Values("on", "off", "safe_encoding"));

// A migration applied with render version 1 (quotes doubled only) is recognised by
// `check --determinism` though version 2 spells its literals E'...'.
TEST(RenderVersionTest, OldSpellingOfAppliedMigrationPassesDeterminism) {
  ALAB_REQUIRE_PG();
  auto p = testkit::MakeProject("postgres", "render_v1");
  p.WriteMigration("001_base.js", kBase);
  p.WriteMigration("002_add.js", kAdd);
  auto plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  auto v1 = BuildPlanFrom(plan->migrations, "postgres", true, 1);
  ASSERT_TRUE(v1.ok()) << v1.error().message;
  ASSERT_EQ((*v1)->ordered.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_NE((*v1)->ordered[i].sql_checksum, plan->ordered[i].sql_checksum);
    std::string v1_sql, v2_sql;
    for (const auto& st : (*v1)->ordered[i].up) v1_sql += st.sql + "\n";
    for (const auto& st : plan->ordered[i].up) v2_sql += st.sql + "\n";
    EXPECT_NE(v1_sql.find("'x\\'' ; DROP TABLE app_victim; --'"), std::string::npos) << v1_sql;
    EXPECT_NE(v2_sql.find("E'x\\\\'' ; DROP TABLE app_victim; --'"), std::string::npos) << v2_sql;
    EXPECT_EQ(v2_sql.find(" '" + kPayload.substr(0, 3)), std::string::npos) << v2_sql;
  }
  testkit::Captured cap;
  Status s = Migrate(p.cfg, **v1, MigrateOptions{}, cap.output());  // applied by the older spelling
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  auto problems = CheckDeterminism(*conn, *plan);
  ASSERT_TRUE(problems.ok()) << problems.error().message;
  EXPECT_TRUE(problems->empty()) << Join(*problems, "\n");
  // A checksum that no version renders is still reported.
  ASSERT_TRUE(
      conn->Exec("UPDATE alab_migrations SET sql_checksum = 'x' WHERE revision = '002'").ok());
  problems = CheckDeterminism(*conn, *plan);
  ASSERT_TRUE(problems.ok());
  EXPECT_EQ(problems->size(), 1u);
}

}  // namespace
}  // namespace alab::runner
