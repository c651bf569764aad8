// The `--json` shapes of the read commands (status, check, diff, history, heads, lock) and
// their exit codes, end to end through the built binary on a real database of each dialect;
// and `confirm: true` environments (migrate/rollback ask, or need --yes without a terminal).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "runner/runner_test_util.h"
#include "test_support.h"

namespace alab::cli {
namespace {

namespace fs = std::filesystem;
using ::alab::testing::RunAlab;
using ::alab::testing::RunResult;
using json = nlohmann::ordered_json;

std::string Describe(const RunResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

constexpr const char* kPostSchema =
    "export default table({\n"
    "  id: col.id(),\n"
    "  title: col.string(120),\n"
    "});\n";

constexpr const char* kPostSchemaWithBody =
    "export default table({\n"
    "  id: col.id(),\n"
    "  title: col.string(120),\n"
    "  body: col.text().optional(),\n"
    "});\n";

class JsonOutputTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
    ::unsetenv("DATABASE_URL");
    project_ = runner::testkit::MakeProject(GetParam(), "json_out");
    runner::testkit::WriteAlabYaml(project_);
    project_.dir->Write("schemas/blog/post.js", kPostSchema);
  }
  RunResult Alab(std::vector<std::string> args) {
    return RunAlab(args, project_.dir->path(), {"NO_COLOR=1"});
  }
  // Runs a --json command, checks its exit code and the envelope, returns the object.
  json Json(std::vector<std::string> args, int want_exit, const std::string& command) {
    RunResult r = Alab(args);
    EXPECT_EQ(r.exit_code, want_exit) << Describe(r);
    json j = json::parse(r.out.empty() ? "{}" : r.out);
    EXPECT_EQ(j.begin().key(), "json_version") << r.out;
    EXPECT_EQ(j["json_version"], 1);
    EXPECT_EQ(j["command"], command);
    return j;
  }
  runner::testkit::Project project_;
};

TEST_P(JsonOutputTest, ShapesAndExitCodes) {
  // Before any migration: diff shows the table to create; --exit-code says so with 1.
  json diff = Json({"diff", "--json", "--exit-code"}, 1, "diff");
  ASSERT_EQ(diff["changes"].size(), 1u) << diff.dump(2);
  EXPECT_EQ(diff["changes"][0]["kind"], "create_table");
  EXPECT_EQ(diff["changes"][0]["summary"], "create table blog.post");
  EXPECT_EQ(diff["changes"][0]["destructive"], false);
  EXPECT_EQ(diff["from"], "migrations");
  EXPECT_EQ(diff["to"], "schemas");
  EXPECT_EQ(diff["dialect"], GetParam());
  ASSERT_FALSE(diff["sql"].empty());
  EXPECT_NE(diff["sql"][0].get<std::string>().find("CREATE TABLE \"blog_post\""), std::string::npos)
      << diff.dump(2);
  EXPECT_EQ(Json({"diff", "--json"}, 0, "diff")["changes"].size(), 1u)
      << "without --exit-code changes exit 0";

  // check: a migration is needed → ok false, exit 1.
  json check = Json({"check", "--json"}, 1, "check");
  EXPECT_EQ(check["ok"], false);

  ASSERT_EQ(Alab({"new", "initial"}).exit_code, 0);
  json status = Json({"status", "--json"}, 0, "status");
  EXPECT_EQ(status["dialect"], GetParam());
  EXPECT_EQ(status["applied"], 0);
  EXPECT_EQ(status["pending"], 1);
  EXPECT_EQ(status["migrations"][0]["state"], "pending");
  EXPECT_EQ(status["migrations"][0]["file"], "migrations/001_initial.js");

  RunResult migrate = Alab({"migrate"});
  ASSERT_EQ(migrate.exit_code, 0) << Describe(migrate);
  status = Json({"status", "--json"}, 0, "status");
  EXPECT_EQ(status["applied"], 1);
  EXPECT_EQ(status["pending"], 0);
  EXPECT_EQ(status["drift_checked"], true);
  EXPECT_TRUE(status["drift"].empty()) << status.dump(2);

  check = Json({"check", "--json"}, 0, "check");
  EXPECT_EQ(check["ok"], true);
  EXPECT_EQ(check["errors"], 0);

  json history = Json({"history", "--json"}, 0, "history");
  ASSERT_EQ(history["migrations"].size(), 1u);
  EXPECT_EQ(history["migrations"][0]["revision"], "001");
  EXPECT_EQ(history["migrations"][0]["head"], true);
  EXPECT_EQ(history["heads"], json::array({"001"}));
  json heads = Json({"heads", "--json"}, 0, "heads");
  ASSERT_EQ(heads["heads"].size(), 1u);
  EXPECT_EQ(heads["heads"][0]["file"], "migrations/001_initial.js");

  json lock = Json({"lock", "status", "--json"}, 0, "lock status");
  EXPECT_EQ(lock["in_sync"], true);
  ASSERT_EQ(lock["files"].size(), 1u);
  EXPECT_EQ(lock["files"][0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(Json({"diff", "--json", "--exit-code"}, 0, "diff")["changes"].size(), 0u);

  // A schema change: diff names it; a hand-made column in the database is drift.
  project_.dir->Write("schemas/blog/post.js", kPostSchemaWithBody);
  diff = Json({"diff", "--json", "--exit-code"}, 1, "diff");
  ASSERT_EQ(diff["changes"].size(), 1u);
  EXPECT_EQ(diff["changes"][0]["kind"], "add_column");
  EXPECT_EQ(diff["changes"][0]["text"].get<std::string>().rfind(
                "~ ALTER TABLE blog_post ADD COLUMN body", 0),
            0u)
      << diff.dump(2);
  project_.dir->Write("schemas/blog/post.js", kPostSchema);
  auto conn = runner::testkit::ConnectOrDie(project_.cfg);
  ASSERT_TRUE(conn->Exec("ALTER TABLE blog_post ADD COLUMN extra integer").ok());
  status = Json({"status", "--json"}, 0, "status");
  ASSERT_EQ(status["drift"].size(), 1u) << status.dump(2);
  check = Json({"check", "--json"}, 1, "check");
  EXPECT_EQ(check["ok"], false);
  EXPECT_FALSE(check["drift"].empty()) << check.dump(2);

  // alab.lock out of step: lock verify --json exits 1 and names the problem.
  project_.dir->Write("alab.lock", "0000\n");
  json verify = Json({"lock", "verify", "--json"}, 1, "lock verify");
  EXPECT_EQ(verify["in_sync"], false);
  ASSERT_FALSE(verify["problems"].empty());
  EXPECT_FALSE(verify["problems"][0]["kind"].get<std::string>().empty());
}

TEST_P(JsonOutputTest, FailuresPrintNothingOnStdout) {
  // A database that cannot be reached: exit 3, the error on stderr, stdout empty.
  const std::string bad = GetParam() == "sqlite"
                              ? "sqlite:/nonexistent-dir/x.db"
                              : "postgresql://postgres@/postgres?host=/nonexistent&port=1";
  RunResult r = Alab({"status", "--json", "--database-url", bad});
  EXPECT_EQ(r.exit_code, 3) << Describe(r);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("alab: error:"), std::string::npos) << r.err;
  // Usage errors exit 2.
  EXPECT_EQ(Alab({"status", "--no-such-flag"}).exit_code, 2);
  EXPECT_EQ(Alab({"diff", "--from"}).exit_code, 2);
}

INSTANTIATE_TEST_SUITE_P(Dialects, JsonOutputTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

// --- confirm: true ----------------------------------------------------------------------

class ConfirmTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("DATABASE_URL");
    dir_.Write("alab.yaml",
               "database:\n  url: ./dev.db\n"
               "environments:\n"
               "  production:\n    url: ./prod.db\n    confirm: true\n");
    dir_.Write("schemas/blog/post.js", kPostSchema);
    RunResult r = RunAlab({"new", "initial"}, dir_.path());
    ASSERT_EQ(r.exit_code, 0) << Describe(r);
  }
  testing::TempDir dir_;
};

TEST_F(ConfirmTest, NoTerminalNeedsYes) {
  RunResult refused = RunAlab({"migrate", "--env", "production"}, dir_.path());
  EXPECT_EQ(refused.exit_code, 1) << Describe(refused);
  EXPECT_NE(refused.err.find("environment 'production'"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("pass --yes"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(dir_ / "prod.db")) << "nothing may be touched before the answer";
  // --dry does not change the database: no question.
  EXPECT_EQ(RunAlab({"migrate", "--env", "production", "--dry"}, dir_.path()).exit_code, 0);
  // The default database is not marked: no question.
  EXPECT_EQ(RunAlab({"migrate"}, dir_.path()).exit_code, 0);

  RunResult yes = RunAlab({"migrate", "--env", "production", "--yes"}, dir_.path());
  ASSERT_EQ(yes.exit_code, 0) << Describe(yes);
  EXPECT_NE(yes.out.find("001_initial.js"), std::string::npos) << yes.out;
  EXPECT_EQ(RunAlab({"rollback", "--env", "production"}, dir_.path()).exit_code, 1);
  dir_.Write("seed.sql", "INSERT INTO blog_post (id, title) VALUES (1, 'hello');\n");
  RunResult seed = RunAlab({"seed", "seed.sql", "--env", "production"}, dir_.path());
  EXPECT_EQ(seed.exit_code, 1) << Describe(seed);
  EXPECT_NE(seed.err.find("pass --yes to load seed data into it"), std::string::npos) << seed.err;
  EXPECT_EQ(RunAlab({"seed", "seed.sql", "--env", "production", "--yes"}, dir_.path()).exit_code,
            0);
  // The seeded row makes the rollback destructive: confirmed environment or not, it also needs
  // --confirm-destroy.
  RunResult guarded = RunAlab({"rollback", "--env", "production", "-y"}, dir_.path());
  EXPECT_EQ(guarded.exit_code, 1) << Describe(guarded);
  EXPECT_NE(guarded.err.find("--confirm-destroy"), std::string::npos) << guarded.err;
  EXPECT_EQ(RunAlab({"rollback", "--env", "production", "-y", "--confirm-destroy"}, dir_.path())
                .exit_code,
            0);
}

// On a terminal the question is asked; util-linux `script` gives the child a pty.
TEST_F(ConfirmTest, TerminalAsks) {
  if (std::system("command -v script >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "util-linux `script` not installed";
  auto run_with_answer = [&](const std::string& answer) {
    const std::string cmd = "cd '" + dir_.path().string() + "' && printf '" + answer +
                            "\\n' | script -qec '" + ALAB_BINARY +
                            " migrate --env production' /dev/null >/dev/null 2>&1";
    return std::system(cmd.c_str());
  };
  EXPECT_NE(run_with_answer("n"), 0);
  EXPECT_FALSE(fs::exists(dir_ / "prod.db"));
  EXPECT_EQ(run_with_answer("y"), 0);
  EXPECT_TRUE(fs::exists(dir_ / "prod.db"));
}

// On a terminal, migrate keeps a progress line at the bottom (stderr) and erases it before
// each line of output; without one (pipes, CI logs) there is none.
TEST_F(ConfirmTest, ProgressLineOnlyOnATerminal) {
  if (std::system("command -v script >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "util-linux `script` not installed";
  dir_.Write("schemas/blog/post.js", kPostSchemaWithBody);
  ASSERT_EQ(RunAlab({"new", "body"}, dir_.path()).exit_code, 0);
  RunResult piped = RunAlab({"migrate", "--dry"}, dir_.path());
  EXPECT_EQ(piped.err.find("[1/2]"), std::string::npos) << piped.err;
  const std::string cmd = "cd '" + dir_.path().string() + "' && script -qec '" + ALAB_BINARY +
                          " migrate' /dev/null </dev/null 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ASSERT_EQ(::pclose(p), 0) << out;
  EXPECT_NE(out.find("[1/2] applying migrations/001_initial.js"), std::string::npos) << out;
  EXPECT_NE(out.find("[2/2] applying migrations/002_body.js"), std::string::npos) << out;
  EXPECT_NE(out.find("\r\033[Kapplied migrations/002_body.js"), std::string::npos)
      << "erased before output";
}

}  // namespace
}  // namespace alab::cli
