// The built binary end to end: migrate/status/rollback/lock, tamper detection, git guards.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "runner/git.h"
#include "runner/runner_test_util.h"

namespace alab::runner {
namespace {

std::string Mig(const std::string& rev, const std::string& parent, const std::string& table) {
  return "export default migration({\n  description: \"create " + table + "\",\n  up_revision: \"" +
         rev + "\",\n  down_revision: " + (parent.empty() ? "null" : "\"" + parent + "\"") +
         ",\n  up(m) {\n    m.create_table(\"app." + table +
         "\", (t) => {\n      t.id();\n      t.string(\"title\", 80);\n    });\n  },\n  down(m) "
         "{\n    m.drop_table(\"app." +
         table + "\");\n  },\n});\n";
}

testkit::Project ThreeMigrations(const std::string& dialect, const std::string& hint) {
  auto p = testkit::MakeProject(dialect, hint);
  p.WriteMigration("001_a.js", Mig("001", "", "a"));
  p.WriteMigration("002_b.js", Mig("002", "001", "b"));
  p.WriteMigration("003_c.js", Mig("003", "002", "c"));
  testkit::WriteAlabYaml(p);
  return p;
}

class CliTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
  }
};

TEST_P(CliTest, MigrateStatusRollback) {
  auto p = ThreeMigrations(GetParam(), "cli_basic");
  auto st = testing::RunAlab({"status"}, p.dir->path());
  ASSERT_EQ(st.exit_code, 0) << st.err;
  EXPECT_NE(st.out.find("0 applied, 3 pending"), std::string::npos) << st.out;

  auto r = testing::RunAlab({"migrate", "--to", "002"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("applied migrations/001_a.js"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("applied migrations/002_b.js"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("003_c.js"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(p.dir->path() / "alab.lock"));

  st = testing::RunAlab({"status", "--json"}, p.dir->path());
  ASSERT_EQ(st.exit_code, 0) << st.err;
  auto j = nlohmann::json::parse(st.out);
  EXPECT_EQ(j["applied"], 2);
  EXPECT_EQ(j["pending"], 1);
  EXPECT_EQ(j["migrations"][0]["state"], "applied");
  EXPECT_EQ(j["migrations"][0]["file"], "migrations/001_a.js");
  EXPECT_EQ(j["migrations"][2]["state"], "pending");

  r = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("already up to date"), std::string::npos) << r.out;

  r = testing::RunAlab({"rollback", "2"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("rolled back migrations/003_c.js"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rolled back migrations/002_b.js"), std::string::npos) << r.out;
  auto conn = testkit::ConnectOrDie(p.cfg);
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT revision FROM alab_migrations ORDER BY applied_order"),
            "001\n");
  r = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = testing::RunAlab({"rollback", "--to", "001"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT revision FROM alab_migrations ORDER BY applied_order"),
            "001\n");
}

TEST_P(CliTest, DryRunPrintsSqlWithoutConnecting) {
  auto p = ThreeMigrations(GetParam(), "cli_dry");
  // An unreachable database: --dry must not need it.
  p.dir->Write(
      "alab.yaml",
      "database:\n  dialect: " + GetParam() + "\n  url: \"" +
          (GetParam() == "sqlite"
               ? (p.dir->path() / "nodir/x.db").string()
               : std::string(
                     "postgres://u:${ALAB_TEST_DB_PASSWORD}@/db?host=/nonexistent&port=1")) +
          "\"\n");
  auto r = testing::RunAlab({"migrate", "--dry"}, p.dir->path(), {"ALAB_TEST_DB_PASSWORD=pw"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("-- migrate migrations/001_a.js (001): create a\nBEGIN;\nCREATE TABLE"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("COMMIT;"), std::string::npos);
  EXPECT_NE(r.out.find("migrations/003_c.js"), std::string::npos);
}

// `alab sql` and `migrate --dry` (and `sql --down` and `rollback --dry`) are one printer: the
// same text for the same migration, with the dialect's foreign-key frame around a rebuild.
TEST_P(CliTest, SqlAndDryRunPrintTheSameScript) {
  auto p = ThreeMigrations(GetParam(), "cli_one_script");
  p.WriteMigration("004_d.js", R"JS(export default migration({
  description: "wider title",
  up_revision: "004",
  down_revision: "003",
  up(m) {
    m.alter_column("app.c", "title", (c) => c.set_type("string", 120));
  },
  down(m) {
    m.alter_column("app.c", "title", (c) => c.set_type("string", 80));
  },
});
)JS");
  auto sql = testing::RunAlab({"sql"}, p.dir->path());
  ASSERT_EQ(sql.exit_code, 0) << sql.err;
  auto dry = testing::RunAlab({"migrate", "--dry"}, p.dir->path());
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  // The dry run may open with notes about the database; from the first script on, the texts agree
  // (each script ends with a blank line there, between scripts in `alab sql`).
  size_t first = dry.out.find("-- migrate ");
  ASSERT_NE(first, std::string::npos) << dry.out;
  EXPECT_EQ(dry.out.substr(first), sql.out + "\n");
  if (GetParam() == "sqlite") {
    EXPECT_NE(sql.out.find("PRAGMA foreign_keys=OFF;\nBEGIN;\n-- rebuild of \"app_c\""),
              std::string::npos)
        << sql.out;
    EXPECT_NE(sql.out.find("PRAGMA foreign_key_check;\nCOMMIT;\nPRAGMA foreign_keys=ON;\n"),
              std::string::npos)
        << sql.out;
  } else {
    EXPECT_EQ(sql.out.find("PRAGMA"), std::string::npos) << sql.out;
  }
  auto r = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto down = testing::RunAlab({"sql", "004", "--down"}, p.dir->path());
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(down.out.rfind("-- rollback migrations/004_d.js (004): wider title\n", 0), 0u)
      << down.out;
  auto rdry = testing::RunAlab({"rollback", "--dry"}, p.dir->path());
  ASSERT_EQ(rdry.exit_code, 0) << rdry.err;
  first = rdry.out.find("-- rollback ");
  ASSERT_NE(first, std::string::npos) << rdry.out;
  EXPECT_EQ(rdry.out.substr(first), down.out + "\n");
  // The dry runs changed nothing.
  auto conn = testkit::ConnectOrDie(p.cfg);
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT revision FROM alab_migrations ORDER BY applied_order"),
            "001\n002\n003\n004\n");
}

// migrate --dry prints what migrate would run: applied migrations are left out.
TEST_P(CliTest, DryRunLeavesOutAppliedMigrations) {
  auto p = ThreeMigrations(GetParam(), "cli_dry_applied");
  auto fresh = testing::RunAlab({"migrate", "--dry"}, p.dir->path());
  ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
  EXPECT_NE(fresh.out.find("-- migrate migrations/001_a.js (001)"), std::string::npos) << fresh.out;
  auto r = testing::RunAlab({"migrate", "--to", "002"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto dry = testing::RunAlab({"migrate", "--dry"}, p.dir->path());
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(dry.out.find("-- migrate migrations/001_a.js"), std::string::npos) << dry.out;
  EXPECT_EQ(dry.out.find("-- migrate migrations/002_b.js"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("-- migrate migrations/003_c.js (003)"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("-- 2 migrations already applied to"), std::string::npos) << dry.out;
  // The dry run applied nothing.
  auto conn = testkit::ConnectOrDie(p.cfg);
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT revision FROM alab_migrations ORDER BY applied_order"),
            "001\n002\n");
  r = testing::RunAlab({"migrate"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  dry = testing::RunAlab({"migrate", "--dry"}, p.dir->path());
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("-- nothing to migrate: the database is up to date"), std::string::npos)
      << dry.out;
  EXPECT_EQ(dry.out.find("CREATE TABLE"), std::string::npos) << dry.out;
}

// SPEC §3: the description is shown in alab status.
TEST_P(CliTest, StatusShowsDescriptions) {
  auto p = ThreeMigrations(GetParam(), "cli_status_desc");
  auto r = testing::RunAlab({"migrate", "--to", "001"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto st = testing::RunAlab({"status"}, p.dir->path());
  ASSERT_EQ(st.exit_code, 0) << st.err;
  auto lines = Split(st.out, '\n');
  ASSERT_GE(lines.size(), 4u) << st.out;
  EXPECT_NE(lines[0].find("APPLIED AT"), std::string::npos) << st.out;
  EXPECT_TRUE(EndsWith(lines[0], "DESCRIPTION")) << st.out;
  EXPECT_TRUE(StartsWith(lines[1], "001") && EndsWith(lines[1], "  create a")) << st.out;
  EXPECT_TRUE(StartsWith(lines[3], "003") && EndsWith(lines[3], "  create c")) << st.out;
  // The column lines up: each description starts where the header's does.
  size_t col = lines[0].find("DESCRIPTION");
  EXPECT_EQ(lines[1].find("create a"), col) << st.out;
  EXPECT_EQ(lines[3].find("create c"), col) << st.out;
}

TEST_P(CliTest, TamperedFilesBlockMigrateNamingTheFile) {
  auto p = ThreeMigrations(GetParam(), "cli_tamper");
  auto r = testing::RunAlab({"migrate", "--to", "002"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string original = p.dir->Read("migrations/001_a.js");

  // Edited applied file.
  p.dir->Write("migrations/001_a.js", original + "// edited\n");
  r = testing::RunAlab({"migrate"}, p.dir->path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("migrations/001_a.js: changed after it was applied"), std::string::npos)
      << r.err;
  auto st = testing::RunAlab({"status"}, p.dir->path());
  EXPECT_NE(st.out.find("changed"), std::string::npos) << st.out;
  p.dir->Write("migrations/001_a.js", original);

  // Deleted applied file (003 must be re-parented so the rest still loads).
  std::string b = p.dir->Read("migrations/002_b.js");
  std::filesystem::remove(p.dir->path() / "migrations/002_b.js");
  p.dir->Write("migrations/003_c.js", Mig("003", "001", "c"));
  r = testing::RunAlab({"migrate"}, p.dir->path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("migrations/002_b.js: applied to the database (revision 002) but the "
                       "migration file is missing"),
            std::string::npos)
      << r.err;
  p.dir->Write("migrations/002_b.js", b);
  p.dir->Write("migrations/003_c.js", Mig("003", "002", "c"));

  // Edited alab.lock entry of an applied file.
  std::string lock = p.dir->Read("alab.lock");
  auto pos = lock.find(" migrations/001_a.js");
  ASSERT_NE(pos, std::string::npos);
  std::string edited = lock;
  edited[pos - 1] = edited[pos - 1] == 'a' ? 'b' : 'a';
  p.dir->Write("alab.lock", edited);
  r = testing::RunAlab({"migrate"}, p.dir->path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("migrations/001_a.js: checksum differs from alab.lock"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alab.lock: the aggregate checksum does not match"), std::string::npos)
      << r.err;
  auto v = testing::RunAlab({"lock", "verify"}, p.dir->path());
  EXPECT_EQ(v.exit_code, 1);
  EXPECT_NE(v.err.find("migrations/001_a.js"), std::string::npos) << v.err;
  ASSERT_EQ(testing::RunAlab({"lock", "repair"}, p.dir->path()).exit_code, 0);
  EXPECT_EQ(p.dir->Read("alab.lock"), lock);
  EXPECT_EQ(testing::RunAlab({"lock", "verify"}, p.dir->path()).exit_code, 0);
  r = testing::RunAlab({"migrate"}, p.dir->path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_P(CliTest, ConnectionErrorsAreExitCode3AndRedacted) {
  auto p = ThreeMigrations(GetParam(), "cli_conn");
  if (GetParam() == "sqlite") {
    // A database in a folder that does not exist cannot be opened (or created).
    const std::string url = (p.dir->path() / "no" / "such" / "folder" / "app.db").string();
    p.dir->Write("alab.yaml", "database:\n  dialect: sqlite\n  url: \"" + url + "\"\n");
    auto r = testing::RunAlab({"migrate"}, p.dir->path());
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("no/such/folder/app.db"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(p.dir->path() / "no")) << "nothing is created";
    return;
  }
  // The password comes from the environment (alab.yaml holds no secrets) and is never printed.
  p.dir->Write(
      "alab.yaml",
      "database:\n  dialect: postgres\n  url: \"postgres://u:${ALAB_TEST_DB_PASSWORD}@/db?host=" +
          p.dir->path().string() + "&port=1\"\n");
  auto r = testing::RunAlab({"migrate"}, p.dir->path(), {"ALAB_TEST_DB_PASSWORD=s3cr3t"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("connection refused"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("s3cr3t"), std::string::npos) << r.err;
}

// An operation on a table that does not exist is refused before anything runs, as a user error
// (exit 1, never an internal error) at the operation's file:line, on every kind of operation
// that changes an existing table; the database keeps what it had.
TEST_P(CliTest, OperationOnAMissingTableIsAUserErrorAndAppliesNothing) {
  const std::vector<std::pair<std::string, std::string>> ops = {
      {"m.add_column(\"app.nope\", (t) => t.integer(\"n\").optional());", "add column"},
      {"m.rename_column(\"app.nope\", \"a\", \"b\");", "rename column"},
      {"m.create_index(\"app.nope\", [\"title\"]);", "create index"},
      {"m.add_foreign_key(\"app.nope\", [\"a_id\"], \"app.a\", [\"id\"]);", "add foreign key"},
      {"m.rename_table(\"app.nope\", \"other\");", "rename table"},
  };
  for (const auto& [op, what] : ops) {
    auto p = testkit::MakeProject(GetParam(), "cli_missing_table");
    p.WriteMigration("001_a.js", Mig("001", "", "a"));
    testkit::WriteAlabYaml(p);
    auto r = testing::RunAlab({"migrate"}, p.dir->path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    p.WriteMigration("002_x.js",
                     "export default migration({\n  up_revision: \"002\",\n  down_revision: "
                     "\"001\",\n  up(m) {\n    " +
                         op + "\n  },\n});\n");
    r = testing::RunAlab({"migrate"}, p.dir->path());
    EXPECT_EQ(r.exit_code, 1) << op << "\n" << r.err;
    EXPECT_NE(r.err.find("migrations/002_x.js:5:"), std::string::npos) << op << "\n" << r.err;
    EXPECT_NE(r.err.find("table 'app.nope' does not exist"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
    auto conn = testkit::ConnectOrDie(p.cfg);
    ASSERT_TRUE(conn);
    EXPECT_EQ(testkit::RowsText(*conn, "SELECT revision FROM alab_migrations"), "001\n");
    EXPECT_EQ(testkit::RowsText(*conn, "SELECT count(*) FROM app_a"), "0\n");
  }
}

INSTANTIATE_TEST_SUITE_P(Runner, CliTest, ::testing::Values("sqlite", "postgres"));

// git: modified-but-uncommitted migration files block (--force overrides), schema changes
// warn, --commit commits the applied files and alab.lock.
TEST(GitGuard, BlocksWarnsAndCommits) {
  auto p = ThreeMigrations("sqlite", "git");
  auto git = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"-c", "user.name=t", "-c", "user.email=t@example.com"});
    return RunGit(p.dir->path(), args);
  };
  if (git({"--version"}).exit_code != 0) GTEST_SKIP() << "git is not installed";
  ASSERT_EQ(git({"init", "-q"}).exit_code, 0);
  ASSERT_EQ(git({"add", "migrations/001_a.js", "migrations/002_b.js", "alab.yaml"}).exit_code, 0);
  ASSERT_EQ(git({"commit", "-q", "-m", "start"}).exit_code, 0);
  p.dir->Write("migrations/002_b.js", p.dir->Read("migrations/002_b.js") + "// local edit\n");
  p.dir->Write("schemas/app/a.js", "// schema\n");
  std::vector<std::string> env = {"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
                                  "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com"};
  auto r = testing::RunAlab({"migrate"}, p.dir->path(), env);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("uncommitted changes"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("migrations/002_b.js"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(p.dir->path() / "app.db"));

  r = testing::RunAlab({"migrate", "--force", "--commit"}, p.dir->path(), env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("schema files have uncommitted changes: schemas/app/a.js"),
            std::string::npos)
      << r.err;
  auto log = git({"show", "--stat", "--format=%s", "HEAD"});
  EXPECT_NE(log.out.find("alab migrate: apply 001, 002, 003"), std::string::npos) << log.out;
  EXPECT_NE(log.out.find("alab.lock"), std::string::npos) << log.out;
  EXPECT_NE(log.out.find("migrations/003_c.js"), std::string::npos) << log.out;
  auto status = git({"status", "--porcelain", "--", "migrations", "alab.lock"});
  EXPECT_EQ(status.out, "") << status.out;
}

// Outside a git repository the git checks are skipped silently.
TEST(GitGuard, NoRepositoryIsSilent) {
  auto p = ThreeMigrations("sqlite", "nogit");
  auto r = testing::RunAlab({"migrate", "--commit"}, p.dir->path(),
                            {"GIT_CEILING_DIRECTORIES=" + p.dir->path().parent_path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

}  // namespace
}  // namespace alab::runner
