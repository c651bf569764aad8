// kill -9 of `alab migrate` at random points never leaves a half-applied migration, and 8
// concurrent `alab migrate` processes apply each migration exactly once.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include <fmt/format.h>

#include "base/strings.h"
#include "runner/runner_test_util.h"

extern char** environ;

namespace alab::runner {
namespace {

// Six migrations of several statements each (the fourth rebuilds a table on SQLite).
void WriteMigrations(const testkit::Project& p) {
  auto mig = [](int rev, const std::string& up, const std::string& down) {
    std::string r = fmt::format("{:03}", rev),
                parent = rev == 1 ? "null" : fmt::format("\"{:03}\"", rev - 1);
    return fmt::format(
        "export default migration({{\n  up_revision: \"{}\",\n  down_revision: {},\n  up(m) "
        "{{\n{}\n  }},\n"
        "  down(m) {{\n{}\n  }},\n}});\n",
        r, parent, up, down);
  };
  p.WriteMigration(
      "001_a.js",
      mig(1,
          R"JS(    m.create_table("app.a", (t) => { t.id(); t.string("name", 50); t.integer("n").optional(); });
    m.create_index("app.a", ["name"], { name: "idx_a_name" });
    m.sql("INSERT INTO app_a (name, n) VALUES ('x', 1), ('y', 2), ('z', 3)", "DELETE FROM app_a");)JS",
          R"JS(    m.drop_table("app.a");)JS"));
  p.WriteMigration(
      "002_b.js",
      mig(2,
          R"JS(    m.create_table("app.b", (t) => { t.id(); t.belongs_to("app.a"); t.text("body").optional(); });
    m.add_column("app.a", (t) => t.string("city", 40).optional());
    m.create_index("app.a", ["city"], { name: "idx_a_city" });)JS",
          R"JS(    m.drop_index("idx_a_city");
    m.drop_column("app.a", "city");
    m.drop_table("app.b");)JS"));
  p.WriteMigration("003_c.js",
                   mig(3, R"JS(    m.add_column("app.b", (t) => t.integer("rank").default(0));
    m.sql("UPDATE app_a SET n = n + 10", "UPDATE app_a SET n = n - 10");
    m.create_table("app.c", (t) => { t.id(); t.string("code", 10).unique(); });)JS",
                       R"JS(    m.drop_table("app.c");
    m.drop_column("app.b", "rank");)JS"));
  p.WriteMigration(
      "004_d.js", mig(4, R"JS(    m.alter_column("app.a", "name", (c) => c.set_type("string", 120));
    m.add_check("app.a", "ck_a_n", "n >= 0");)JS",
                      R"JS(    m.drop_check("app.a", "ck_a_n");
    m.alter_column("app.a", "name", (c) => c.set_type("string", 50));)JS"));
  p.WriteMigration("005_e.js", mig(5, R"JS(    m.rename_column("app.c", "code", "slug");
    m.add_column("app.c", (t) => t.boolean("active").default(true));)JS",
                                   R"JS(    m.drop_column("app.c", "active");
    m.rename_column("app.c", "slug", "code");)JS"));
  p.WriteMigration(
      "006_f.js",
      mig(6, R"JS(    m.create_table("app.d", (t) => { t.id(); t.belongs_to("app.c"); });
    m.create_index("app.b", ["rank"], { name: "idx_b_rank" });)JS",
          R"JS(    m.drop_index("idx_b_rank");
    m.drop_table("app.d");)JS"));
}

pid_t Spawn(const std::filesystem::path& cwd, const std::vector<std::string>& args,
            const std::string& out_path) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, (out_path + ".err").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  std::vector<std::string> argv_s{ALAB_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, ALAB_BINARY, &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

int Wait(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The catalog after each prefix of the migrations (index k: k migrations applied).
std::vector<std::string> ReferenceCatalogs(const std::string& dialect) {
  auto p = testkit::MakeProject(dialect, "crash_ref");
  WriteMigrations(p);
  testkit::WriteAlabYaml(p);
  std::vector<std::string> out;
  auto conn = testkit::ConnectOrDie(p.cfg);
  out.push_back(testkit::CatalogSnapshot(*conn) + testkit::RowsText(*conn, "SELECT 'no rows'"));
  for (int k = 1; k <= 6; ++k) {
    auto r = testing::RunAlab({"migrate", "--to", fmt::format("{:03}", k)}, p.dir->path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    out.push_back(testkit::CatalogSnapshot(*conn) +
                  testkit::RowsText(*conn, "SELECT name, n FROM app_a ORDER BY name"));
  }
  return out;
}

class CrashTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
  }
};

TEST_P(CrashTest, KillNineNeverLeavesAHalfAppliedMigration) {
  const std::string dialect = GetParam();
  auto reference = ReferenceCatalogs(dialect);
  ASSERT_EQ(reference.size(), 7u);
  // How long a full run takes, to spread the kill points over it.
  auto timing = testkit::MakeProject(dialect, "crash_time");
  WriteMigrations(timing);
  testkit::WriteAlabYaml(timing);
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(testing::RunAlab({"migrate"}, timing.dir->path()).exit_code, 0);
  auto full_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
          .count();

  std::mt19937 rng(12345);  // fixed seed: the same kill points each run
  constexpr int kTrials = 25;
  int killed_midway = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    auto p = testkit::MakeProject(dialect, "crash");
    WriteMigrations(p);
    testkit::WriteAlabYaml(p);
    long long delay_us = std::uniform_int_distribution<long long>(0, full_us)(rng);
    pid_t pid = Spawn(p.dir->path(), {"migrate"}, (p.dir->path() / "out.txt").string());
    ASSERT_GT(pid, 0);
    // Busy-wait (no sleep) until the kill point or the child's exit.
    auto start = std::chrono::steady_clock::now();
    int status = 0;
    bool exited = false;
    while (std::chrono::steady_clock::now() - start < std::chrono::microseconds(delay_us)) {
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      }
    }
    if (!exited) {
      ::kill(pid, SIGKILL);
      int rc = Wait(pid);
      if (rc == 128 + SIGKILL) ++killed_midway;
    }
    auto conn = testkit::ConnectOrDie(p.cfg);
    ASSERT_TRUE(conn);
    auto applied = conn->Query("SELECT count(*) FROM alab_migrations");
    size_t k = applied.ok() ? std::stoul(applied->rows[0][0].value_or("0")) : 0;
    ASSERT_LE(k, 6u);
    std::string rows = k == 0 ? testkit::RowsText(*conn, "SELECT 'no rows'")
                              : testkit::RowsText(*conn, "SELECT name, n FROM app_a ORDER BY name");
    EXPECT_EQ(testkit::CatalogSnapshot(*conn) + rows, reference[k])
        << "trial " << trial << ": killed after " << delay_us << " us with " << k << " applied";
    conn.reset();
    auto rerun = testing::RunAlab({"migrate"}, p.dir->path());
    ASSERT_EQ(rerun.exit_code, 0) << "trial " << trial << ": " << rerun.err;
    auto after = testkit::ConnectOrDie(p.cfg);
    EXPECT_EQ(testkit::CatalogSnapshot(*after) +
                  testkit::RowsText(*after, "SELECT name, n FROM app_a ORDER BY name"),
              reference[6])
        << "trial " << trial;
  }
  // The kill points must actually land inside runs (not all after the child finished).
  EXPECT_GT(killed_midway, kTrials / 4);
}

TEST_P(CrashTest, EightConcurrentMigratorsApplyEachMigrationOnce) {
  const std::string dialect = GetParam();
  auto p = testkit::MakeProject(dialect, "concurrent");
  WriteMigrations(p);
  testkit::WriteAlabYaml(p);
  constexpr int kProcs = 8;
  std::vector<pid_t> pids;
  for (int i = 0; i < kProcs; ++i) {
    pids.push_back(Spawn(p.dir->path(), {"migrate", "--lock-timeout", "120s"},
                         (p.dir->path() / fmt::format("out{}.txt", i)).string()));
    ASSERT_GT(pids.back(), 0);
  }
  std::map<std::string, int> applied_lines;
  for (int i = 0; i < kProcs; ++i) {
    int rc = Wait(pids[static_cast<size_t>(i)]);
    std::string out = testing::ReadText(p.dir->path() / fmt::format("out{}.txt", i));
    std::string err = testing::ReadText(p.dir->path() / fmt::format("out{}.txt.err", i));
    EXPECT_EQ(rc, 0) << "process " << i << ": " << err;
    for (const auto& line : Split(out, '\n')) {
      if (StartsWith(line, "applied ")) applied_lines[line.substr(8, line.find(' ', 8) - 8)]++;
    }
  }
  ASSERT_EQ(applied_lines.size(), 6u);
  for (const auto& [file, n] : applied_lines)
    EXPECT_EQ(n, 1) << file << " applied " << n << " times";
  auto conn = testkit::ConnectOrDie(p.cfg);
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT revision FROM alab_migrations ORDER BY applied_order"),
            "001\n002\n003\n004\n005\n006\n");
  // The UPDATE in 003 ran exactly once.
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT name, n FROM app_a ORDER BY name"),
            "x|11\ny|12\nz|13\n");
}

INSTANTIATE_TEST_SUITE_P(Runner, CrashTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::runner
