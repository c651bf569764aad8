// `alab check` as the CI gate, end to end on both dialects: a project whose migrations are
// applied passes; schema files ahead of the migrations fail naming `alab new`; a hand-made
// change to the database (plain SQL) fails naming the object and the fix.
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "dialect/connection.h"
#include "dialect/dialect.h"
#include "test_support.h"

namespace alab::cli {
namespace {

using ::alab::testing::RunAlab;
using ::alab::testing::RunResult;
using ::alab::testing::TempDir;

class CheckGates : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      ALAB_REQUIRE_PG();
      url_ = ::alab::testing::CreatePgDatabase("check_gates");
      ASSERT_FALSE(url_.empty());
    } else {
      url_ = (dir_.path() / "app.db").string();
    }
    ASSERT_EQ(Run({"init", "--demo", "."}).exit_code, 0);
    dir_.Write("alab.yaml", "database:\n  dialect: " + GetParam() + "\n  url: \"" + url_ + "\"\n");
  }

  RunResult Run(const std::vector<std::string>& args) {
    ::unsetenv("DATABASE_URL");
    return RunAlab(args, dir_.path(), {"NO_COLOR=1"});
  }

  void Sql(const std::string& statement) {
    auto conn = dialect::GetDialect(GetParam()).Connect(url_);
    ASSERT_TRUE(conn.ok()) << conn.error().message;
    Status s = (*conn)->Exec(statement);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  TempDir dir_;
  std::string url_;
};

TEST_P(CheckGates, MigrationsNeededThenInSyncThenDrift) {
  // Schema files without migrations: a new migration is needed.
  RunResult r = Run({"check"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("run `alab new <name>`"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("create table blog.post"), std::string::npos) << r.err;

  ASSERT_EQ(Run({"new", "initial"}).exit_code, 0);
  r = Run({"check"});
  EXPECT_EQ(r.exit_code, 0) << r.err;  // nothing applied yet: no drift
  // PostgreSQL: an empty database with pending migrations; SQLite: no file yet (none made).
  EXPECT_NE(r.err.find(GetParam() == "postgres" ? "pending" : "does not exist yet"),
            std::string::npos)
      << r.err;

  ASSERT_EQ(Run({"migrate"}).exit_code, 0);
  r = Run({"check", "--determinism"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("database in sync"), std::string::npos) << r.out;

  // Hand-made changes with plain SQL: each named, with the command that fixes it.
  Sql("ALTER TABLE auth_user ADD COLUMN nickname TEXT");
  Sql("DROP INDEX idx_blog_post_status_published_at");
  r = Run({"check"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("database drift"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("auth_user.nickname"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("idx_blog_post_status_published_at"), std::string::npos) << r.err;

  RunResult j = Run({"check", "--json"});
  EXPECT_EQ(j.exit_code, 1);
  auto json = nlohmann::json::parse(j.out);
  EXPECT_EQ(json["ok"], false);
  EXPECT_EQ(json["drift"].size(), 2u) << j.out;

  RunResult status = Run({"status"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("auth_user.nickname"), std::string::npos) << status.out;
}

TEST_P(CheckGates, ChangedDefaultOrExtraColumnIsDrift) {
  ASSERT_EQ(Run({"new", "initial"}).exit_code, 0);
  ASSERT_EQ(Run({"migrate"}).exit_code, 0);
  ASSERT_EQ(Run({"check"}).exit_code, 0);
  if (GetParam() == "postgres") {
    Sql("ALTER TABLE auth_user ALTER COLUMN locale SET DEFAULT 'fr'");
  } else {
    // SQLite cannot change a default in place; a column added with a default instead.
    Sql("ALTER TABLE blog_tag ADD COLUMN accent TEXT DEFAULT 'red'");
  }
  RunResult r = Run({"check"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(GetParam() == "postgres" ? "auth_user.locale" : "blog_tag.accent"),
            std::string::npos)
      << r.err;
}

INSTANTIATE_TEST_SUITE_P(Cli, CheckGates, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::cli
