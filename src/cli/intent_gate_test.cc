// Generation keeps the schema files' intent (a backfill on optional -> required, a likely
// rename without a terminal, a table-level unique on one column) and `alab check` fails on
// everything that blocks `alab migrate` (an edited applied file, a missing one, alab.lock, a
// partly applied migration), on both dialects, asserted on the files, rows and catalog.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "runner/runner_test_util.h"

namespace alab::cli {
namespace {

using testing::RunAlab;
using testing::RunResult;
namespace testkit = runner::testkit;
namespace fs = std::filesystem;

class IntentGateTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
    p_ = testkit::MakeProject(GetParam(), "intent_gate");
    testkit::WriteAlabYaml(p_);
  }
  RunResult Run(const std::vector<std::string>& args) {
    return RunAlab(args, p_.dir->path(), {"NO_COLOR=1"});
  }
  std::string Rows(const std::string& sql) {
    auto conn = testkit::ConnectOrDie(p_.cfg);
    return conn ? testkit::RowsText(*conn, sql) : "";
  }
  void Sql(const std::string& sql) {
    auto conn = testkit::ConnectOrDie(p_.cfg);
    ASSERT_TRUE(conn);
    Status s = conn->Exec(sql);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  std::vector<std::string> MigrationFiles() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(p_.dir->path() / "migrations"))
      if (e.path().extension() == ".js") out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  testkit::Project p_;
};

const char* kUserV1 =
    "export default table({\n  id: col.id(),\n  email: col.string(100),\n  nick: "
    "col.string(40).optional(),\n});\n";

TEST_P(IntentGateTest, BackfillSurvivesOptionalToRequired) {
  p_.dir->Write("schemas/app/user.js", kUserV1);
  ASSERT_EQ(Run({"new", "init"}).exit_code, 0);
  ASSERT_EQ(Run({"migrate"}).exit_code, 0);
  Sql("INSERT INTO app_user (id, email, nick) VALUES ('00000000-0000-4000-8000-000000000001', "
      "'a@x', NULL)");
  Sql("INSERT INTO app_user (id, email, nick) VALUES ('00000000-0000-4000-8000-000000000002', "
      "'b@x', 'bee')");
  p_.dir->Write("schemas/app/user.js",
                "export default table({\n  id: col.id(),\n  email: col.string(100),\n"
                "  nick: col.string(40).backfill(\"anon\"),\n});\n");
  RunResult made = Run({"new", "nick_required"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  std::string file = p_.dir->Read("migrations/002_nick_required.js");
  EXPECT_NE(file.find(".set_not_null().backfill(\"anon\")"), std::string::npos) << file;
  RunResult up = Run({"migrate"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(Rows("SELECT email, nick FROM app_user ORDER BY email"), "a@x|anon\nb@x|bee\n");
  // The column is NOT NULL in the catalog: a NULL is refused.
  auto conn = testkit::ConnectOrDie(p_.cfg);
  ASSERT_TRUE(conn);
  EXPECT_FALSE(conn->Exec("INSERT INTO app_user (id, email, nick) VALUES "
                          "('00000000-0000-4000-8000-000000000003', 'c@x', NULL)")
                   .ok());
  RunResult check = Run({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
}

TEST_P(IntentGateTest, HandWrittenAlterBackfillAndMissingBackfillWarns) {
  p_.dir->Write("schemas/app/user.js", kUserV1);
  ASSERT_EQ(Run({"new", "init"}).exit_code, 0);
  ASSERT_EQ(Run({"migrate"}).exit_code, 0);
  Sql("INSERT INTO app_user (id, email, nick) VALUES ('00000000-0000-4000-8000-000000000001', "
      "'a@x', NULL)");
  // Without a backfill, alab new says what will fail and how to fix it.
  p_.dir->Write("schemas/app/user.js",
                "export default table({\n  id: col.id(),\n  email: col.string(100),\n  nick: "
                "col.string(40),\n});\n");
  RunResult made = Run({"new", "nick_required"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.err.find("app.user.nick becomes required without a backfill"), std::string::npos)
      << made.err;
  // The user appends the backfill by hand in the file, as the warning says.
  std::string file = p_.dir->Read("migrations/002_nick_required.js");
  auto at = file.find(".set_not_null()");
  ASSERT_NE(at, std::string::npos) << file;
  file.insert(at + std::string(".set_not_null()").size(), ".backfill(\"n/a\")");
  p_.dir->Write("migrations/002_nick_required.js", file);
  RunResult up = Run({"migrate"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(Rows("SELECT nick FROM app_user"), "n/a\n");
  // backfill() without set_not_null() is refused with its line.
  p_.dir->Write(
      "migrations/003_bad.js",
      "export default migration({\n  up(m) {\n    m.alter_column(\"app.user\", \"email\", (c) => "
      "c.backfill(\"x\"));\n  },\n  down(m) {},\n});\n");
  RunResult bad = Run({"migrate"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("migrations/003_bad.js:3:"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("backfill() goes with set_not_null()"), std::string::npos) << bad.err;
}

TEST_P(IntentGateTest, LikelyRenameWithoutTerminalIsAnError) {
  p_.dir->Write("schemas/app/post.js",
                "export default table({\n  id: col.id(),\n  title: col.string(200),\n});\n");
  ASSERT_EQ(Run({"new", "init"}).exit_code, 0);
  ASSERT_EQ(Run({"migrate"}).exit_code, 0);
  Sql("INSERT INTO app_post (id, title) VALUES ('00000000-0000-4000-8000-000000000001', 'hello')");
  p_.dir->Write("schemas/app/post.js",
                "export default table({\n  id: col.id(),\n  headline: col.string(200),\n});\n");
  RunResult r = Run({"new", "rename_title"});  // stdin is not a terminal here
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("column app.post.title -> headline"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--yes"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--no-renames"), std::string::npos) << r.err;
  EXPECT_EQ(MigrationFiles(), std::vector<std::string>{"001_init.js"});
  // --yes writes the rename and keeps the data.
  RunResult yes = Run({"new", "rename_title", "--yes"});
  ASSERT_EQ(yes.exit_code, 0) << yes.err;
  EXPECT_NE(p_.dir->Read("migrations/002_rename_title.js").find("rename_column"),
            std::string::npos);
  ASSERT_EQ(Run({"migrate"}).exit_code, 0);
  EXPECT_EQ(Rows("SELECT headline FROM app_post"), "hello\n");
}

TEST_P(IntentGateTest, TableLevelUniqueOnOneColumnIsNotDrift) {
  p_.dir->Write(
      "schemas/app/item.js",
      "export default table({\n  id: col.id(),\n  code: col.string(10),\n  sku: "
      "col.string(10).unique(),\n"
      "  a: col.string(5),\n  b: col.string(5),\n}).unique(\"code\").unique(\"a\", \"b\");\n");
  RunResult made = Run({"new", "init"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  RunResult up = Run({"migrate"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  RunResult check = Run({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  RunResult again = Run({"new", "nothing"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("no changes"), std::string::npos) << again.out;
  // The uniqueness holds in the database.
  Sql("INSERT INTO app_item (id, code, sku, a, b) VALUES ('00000000-0000-4000-8000-000000000001', "
      "'c1', 's1', 'x', "
      "'y')");
  auto conn = testkit::ConnectOrDie(p_.cfg);
  ASSERT_TRUE(conn);
  EXPECT_FALSE(conn->Exec("INSERT INTO app_item (id, code, sku, a, b) VALUES "
                          "('00000000-0000-4000-8000-000000000002', 'c1', 's2', 'x', 'z')")
                   .ok());
  // The same column unique at both levels is refused (one index, declared twice).
  p_.dir->Write("schemas/app/item.js",
                "export default table({\n  id: col.id(),\n  code: col.string(10),\n  sku: "
                "col.string(10).unique(),\n"
                "  a: col.string(5),\n  b: col.string(5),\n}).unique(\"code\").unique(\"a\", "
                "\"b\").unique(\"sku\");\n");
  RunResult twice = Run({"new", "twice"});
  EXPECT_EQ(twice.exit_code, 1) << twice.err;
  EXPECT_NE(twice.err.find("schemas/app/item.js:7:"), std::string::npos) << twice.err;
  EXPECT_NE(twice.err.find("column 'sku' is already unique"), std::string::npos) << twice.err;
  EXPECT_EQ(MigrationFiles(), std::vector<std::string>{"001_init.js"});
}

// Migrate is blocked by a checksum mismatch: check must fail too, naming the file and the fix.
TEST_P(IntentGateTest, CheckFailsWhenAnAppliedMigrationWasEdited) {
  p_.dir->Write("schemas/app/user.js", kUserV1);
  ASSERT_EQ(Run({"new", "init"}).exit_code, 0);
  ASSERT_EQ(Run({"migrate"}).exit_code, 0);
  ASSERT_EQ(Run({"check", "--determinism"}).exit_code, 0);
  std::string file = p_.dir->Read("migrations/001_init.js");
  auto at = file.find("down(m) {");
  ASSERT_NE(at, std::string::npos) << file;
  file.insert(at + std::string("down(m) {").size(), "\n    // edited after it was applied");
  p_.dir->Write("migrations/001_init.js", file);
  RunResult m = Run({"migrate", "--force"});
  EXPECT_EQ(m.exit_code, 1) << m.err;  // migrate is blocked ...
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"check"}, {"check", "--determinism"}}) {
    RunResult r = Run(args);  // ... and so is the gate
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("migrations/001_init.js: changed after it was applied"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("restore the applied version"), std::string::npos) << r.err;
  }
}

TEST_P(IntentGateTest, CheckFailsWhenAnAppliedFileIsMissingOrTheLockFileIsWrong) {
  p_.dir->Write("schemas/app/user.js", kUserV1);
  ASSERT_EQ(Run({"new", "init"}).exit_code, 0);
  p_.dir->Write("schemas/app/user.js",
                "export default table({\n  id: col.id(),\n  email: col.string(100),\n"
                "  nick: col.string(40).optional(),\n  bio: col.text().optional(),\n});\n");
  ASSERT_EQ(Run({"new", "bio"}).exit_code, 0);
  ASSERT_EQ(Run({"migrate"}).exit_code, 0);
  // alab.lock tampered with: migrate refuses, so check does.
  std::string lock = p_.dir->Read("alab.lock");
  std::string broken = lock;
  auto at = broken.find("001_init.js");
  ASSERT_NE(at, std::string::npos) << lock;
  auto nl = broken.rfind('\n', at);
  ASSERT_NE(nl, std::string::npos) << lock;
  size_t sha = nl + 1;  // "<sha256> migrations/001_init.js"
  broken[sha] = broken[sha] == '0' ? '1' : '0';
  p_.dir->Write("alab.lock", broken);
  EXPECT_EQ(Run({"migrate"}).exit_code, 1);
  RunResult r = Run({"check"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("alab.lock"), std::string::npos) << r.err;
  p_.dir->Write("alab.lock", lock);
  ASSERT_EQ(Run({"check"}).exit_code, 0);
  // The last applied file removed, and its schema change with it: the schema files match the
  // remaining migrations, but the database ran a file that is gone.
  fs::remove(p_.dir->path() / "migrations/002_bio.js");
  p_.dir->Write("schemas/app/user.js", kUserV1);
  RunResult gone = Run({"check"});
  EXPECT_EQ(gone.exit_code, 1) << gone.out << gone.err;
  EXPECT_NE(gone.err.find("the migration file is missing; restore it"), std::string::npos)
      << gone.err;
}

// A partly applied `transaction: false` migration: check says to finish it (not "restore").
TEST_P(IntentGateTest, PartlyAppliedMigrationSaysHowToFinishIt) {
  p_.dir->Write("schemas/app/user.js", kUserV1);
  ASSERT_EQ(Run({"new", "init"}).exit_code, 0);
  ASSERT_EQ(Run({"migrate"}).exit_code, 0);
  p_.dir->Write(
      "migrations/002_steps.js",
      "export default migration({\n  transaction: false,\n  up(m) {\n"
      "    m.sql(\"CREATE TABLE app_one (id INTEGER)\", \"DROP TABLE app_one\");\n"
      "    m.sql(\"INSERT INTO app_missing VALUES (1)\", \"SELECT 1\");\n  },\n"
      "  down(m) {\n    m.sql(\"SELECT 1\");\n    m.sql(\"DROP TABLE app_one\");\n  },\n});\n");
  RunResult m = Run({"migrate", "--force"});
  ASSERT_NE(m.exit_code, 0) << m.err;
  EXPECT_EQ(
      Rows(GetParam() == "sqlite" ? "SELECT name FROM sqlite_master WHERE name = 'app_one'"
                                  : "SELECT tablename FROM pg_tables WHERE tablename = 'app_one'"),
      "app_one\n");
  RunResult r = Run({"check"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("migrations/002_steps.js is partly applied (1 of 2 statements)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alab migrate --resume"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("record its removal"), std::string::npos) << r.err;
}

// Two branches' migrations after the same parent: check fails until they are joined.
TEST_P(IntentGateTest, SeveralHeadsFailTheGateUntilMerged) {
  p_.dir->Write("schemas/app/user.js", kUserV1);
  ASSERT_EQ(Run({"new", "init"}).exit_code, 0);
  for (const char* name : {"002_a", "003_b"}) {
    std::string rev = std::string(name).substr(0, 3);
    p_.WriteMigration(
        std::string(name) + ".js",
        "export default migration({\n  up_revision: \"" + rev +
            "\",\n  down_revision: \"001\",\n  up(m) {\n    m.add_column(\"app.user\", (t) => "
            "t.string(\"c" +
            rev + "\", 10).optional());\n  },\n  down(m) {\n    m.drop_column(\"app.user\", \"c" +
            rev + "\");\n  },\n});\n");
  }
  p_.dir->Write("schemas/app/user.js",
                "export default table({\n  id: col.id(),\n  email: col.string(100),\n  nick: "
                "col.string(40).optional(),\n"
                "  c002: col.string(10).optional(),\n  c003: col.string(10).optional(),\n});\n");
  RunResult r = Run({"check"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("the migrations have 2 heads (002, 003)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("alab merge"), std::string::npos) << r.err;
  RunResult merged = Run({"merge", "-m", "join"});
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  RunResult ok = Run({"check"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
}

INSTANTIATE_TEST_SUITE_P(Cli, IntentGateTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::cli
