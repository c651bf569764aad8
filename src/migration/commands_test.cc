// End-to-end tests of the generation workflow commands (the built binary on real files):
// new, history, heads, merge, rebase, sql, and bad input that must leave files untouched.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "base/files.h"
#include "test_support.h"

namespace alab {
namespace {

namespace fs = std::filesystem;
using testing::RunAlab;
using testing::TempDir;

constexpr const char* kConfig = "database:\n  dialect: sqlite\n  url: ./app.db\n";
constexpr const char* kUser =
    "export default table({\n  id: col.id(),\n  email: col.email().unique(),\n  name: "
    "col.name(),\n});\n";
constexpr const char* kUserRenamed =
    "export default table({\n  id: col.id(),\n  email: col.email().unique(),\n  full_name: "
    "col.name(),\n});\n";
constexpr const char* kPost =
    "export default table({\n  id: col.id(),\n  author: col.belongs_to(\"auth.user\"),\n  title: "
    "col.title(),\n});\n";

std::string Migration(const std::string& rev, const std::string& parents, const std::string& up) {
  return "export default migration({\n  description: \"m" + rev + "\",\n  up_revision: \"" + rev +
         "\",\n  down_revision: " + parents + ",\n  up(m) {\n" + up + "  },\n  down(m) {},\n});\n";
}

std::vector<std::string> MigrationFiles(const TempDir& dir) {
  std::vector<std::string> out;
  for (const auto& p : ListFiles(dir / "migrations", "")) out.push_back(p.filename().string());
  return out;
}

class Project : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("alab.yaml", kConfig);
    dir_.Write("schemas/auth/user.js", kUser);
  }
  testing::RunResult Alab(const std::vector<std::string>& args) {
    return RunAlab(args, dir_.path());
  }
  TempDir dir_;
};

TEST_F(Project, NewWritesNumberedMigrationsThenReportsNoChanges) {
  auto r = Alab({"new", "init"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("created migrations/001_init.js"), std::string::npos) << r.out;
  std::string first = dir_.Read("migrations/001_init.js");
  EXPECT_NE(first.find("up_revision: \"001\""), std::string::npos) << first;
  EXPECT_NE(first.find("down_revision: null"), std::string::npos) << first;
  EXPECT_NE(first.find("m.create_table(\"auth.user\""), std::string::npos) << first;

  r = Alab({"new", "again"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("no changes"), std::string::npos) << r.out;
  EXPECT_EQ(MigrationFiles(dir_), (std::vector<std::string>{"001_init.js"}));

  dir_.Write("schemas/blog/post.js", kPost);
  r = Alab({"new", "Add Posts"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string second = dir_.Read("migrations/002_add_posts.js");
  EXPECT_NE(second.find("down_revision: \"001\""), std::string::npos) << second;
  EXPECT_NE(second.find("m.create_table(\"blog.post\""), std::string::npos) << second;
}

TEST(Determinism, NewGivesIdenticalBytesFromFreshCopies) {
  std::string texts[2];
  for (auto& text : texts) {
    TempDir dir;
    dir.Write("alab.yaml", kConfig);
    dir.Write("schemas/auth/user.js", kUser);
    dir.Write("schemas/blog/post.js", kPost);
    auto r = RunAlab({"new", "init"}, dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    text = dir.Read("migrations/001_init.js");
  }
  EXPECT_FALSE(texts[0].empty());
  EXPECT_EQ(texts[0], texts[1]);
}

TEST_F(Project, NewEmptyWritesABlankMigration) {
  ASSERT_EQ(Alab({"new", "init"}).exit_code, 0);
  auto r = Alab({"new", "data_fix", "--empty"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string text = dir_.Read("migrations/002_data_fix.js");
  EXPECT_NE(text.find("up(m) {},"), std::string::npos) << text;
  EXPECT_NE(text.find("down_revision: \"001\""), std::string::npos) << text;
}

TEST_F(Project, RenamesWithoutTtyStopAndFlagsDecide) {
  ASSERT_EQ(Alab({"new", "init"}).exit_code, 0);
  dir_.Write("schemas/auth/user.js", kUserRenamed);
  // stdin is /dev/null: never prompts, never guesses; names the candidate and both flags,
  // and writes nothing.
  auto r = Alab({"new", "rename"});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err.find("[y/N]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("column auth.user.name -> full_name"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--yes"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--no-renames"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "migrations/002_rename.js"));

  r = Alab({"new", "rename", "--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string accepted = dir_.Read("migrations/002_rename.js");
  EXPECT_NE(accepted.find("m.rename_column(\"auth.user\", \"name\", \"full_name\")"),
            std::string::npos)
      << accepted;
  fs::remove(dir_ / "migrations/002_rename.js");

  r = Alab({"new", "rename", "--no-renames"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string refused = dir_.Read("migrations/002_rename.js");
  EXPECT_NE(refused.find("m.drop_column(\"auth.user\", \"name\")"), std::string::npos) << refused;
  EXPECT_NE(Alab({"new", "x", "--yes", "--no-renames"}).exit_code, 0);
}

TEST_F(Project, SchemaErrorsWriteNothing) {
  dir_.Write("schemas/blog/post.js",
             "export default table({\n  id: col.id(),\n  title: col.strng(),\n});\n");
  auto r = Alab({"new", "init"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("schemas/blog/post.js:3"), std::string::npos) << r.err;
  EXPECT_TRUE(MigrationFiles(dir_).empty());
}

struct BadHistory {
  const char* name;
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> expected_in_stderr;
};

void PrintTo(const BadHistory& b, std::ostream* os) { *os << b.name; }

class BadHistoryTest : public Project, public ::testing::WithParamInterface<BadHistory> {};

TEST_P(BadHistoryTest, NewFailsNamingTheFilesAndWritesNothing) {
  for (const auto& [file, text] : GetParam().files) dir_.Write(file, text);
  std::vector<std::string> before = MigrationFiles(dir_);
  auto r = Alab({"new", "next"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  for (const auto& s : GetParam().expected_in_stderr)
    EXPECT_NE(r.err.find(s), std::string::npos) << r.err;
  EXPECT_EQ(MigrationFiles(dir_), before);
  // `alab sql` replays the history too, and reports the same problem.
  auto sql = Alab({"sql"});
  EXPECT_EQ(sql.exit_code, 1) << sql.out;
  for (const auto& s : GetParam().expected_in_stderr)
    EXPECT_NE(sql.err.find(s), std::string::npos) << sql.err;
}

const std::string kCreateUser =
    "    m.create_table(\"auth.user\", (t) => {\n      t.id();\n    });\n";

INSTANTIATE_TEST_SUITE_P(
    Commands, BadHistoryTest,
    ::testing::Values(
        BadHistory{
            "missing_table",
            {{"migrations/001_a.js", Migration("001", "null", kCreateUser)},
             {"migrations/002_b.js",
              Migration("002", "\"001\"", "    m.drop_column(\"blog.post\", \"title\");\n")}},
            {"migrations/002_b.js:", "drop column blog.post.title"}},
        BadHistory{"malformed",
                   {{"migrations/001_a.js", Migration("001", "null", kCreateUser)},
                    {"migrations/002_b.js",
                     "export default migration({\n  up_revision: \"002\",\n  up(m) { "
                     "m.create_table( },\n});\n"}},
                   {"migrations/002_b.js:"}},
        BadHistory{"cycle",
                   {{"migrations/001_a.js", Migration("001", "null", kCreateUser)},
                    {"migrations/002_b.js", Migration("002", "[\"001\", \"003\"]", "")},
                    {"migrations/003_c.js", Migration("003", "\"002\"", "")}},
                   {"cycle", "migrations/002_b.js", "migrations/003_c.js"}},
        BadHistory{"missing_parent",
                   {{"migrations/001_a.js", Migration("001", "null", kCreateUser)},
                    {"migrations/003_c.js", Migration("003", "\"002\"", "")}},
                   {"migrations/003_c.js", "'002'"}},
        BadHistory{"duplicate_revision",
                   {{"migrations/001_a.js", Migration("001", "null", kCreateUser)},
                    {"migrations/002_b.js", Migration("002", "\"001\"", "")},
                    {"migrations/002_c.js", Migration("002", "\"001\"", "")}},
                   {"duplicate revision '002'", "migrations/002_b.js", "migrations/002_c.js"}}),
    [](const ::testing::TestParamInfo<BadHistory>& info) { return std::string(info.param.name); });

TEST_F(Project, HeadsMergeAndHistory) {
  dir_.Write("migrations/001_a.js", Migration("001", "null", kCreateUser));
  dir_.Write("migrations/002_b.js", Migration("002", "\"001\"", ""));
  dir_.Write("migrations/003_c.js", Migration("003", "\"001\"", ""));
  auto heads = Alab({"heads"});
  ASSERT_EQ(heads.exit_code, 0) << heads.err;
  EXPECT_NE(heads.out.find("002 (head)"), std::string::npos) << heads.out;
  EXPECT_NE(heads.out.find("003 (head)"), std::string::npos) << heads.out;

  auto blocked = Alab({"new", "next"});
  EXPECT_EQ(blocked.exit_code, 1);
  EXPECT_NE(blocked.err.find("alab merge"), std::string::npos) << blocked.err;

  auto merge = Alab({"merge", "-m", "join branches"});
  ASSERT_EQ(merge.exit_code, 0) << merge.err;
  std::string text = dir_.Read("migrations/004_join_branches.js");
  EXPECT_NE(text.find("down_revision: [\"002\", \"003\"]"), std::string::npos) << text;

  heads = Alab({"heads"});
  EXPECT_EQ(heads.out, "004 (head)  004_join_branches.js  join branches\n");
  auto history = Alab({"history"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_EQ(history.out,
            "001 <- (base)  001_a.js  m001\n"
            "002 <- 001  002_b.js  m002\n"
            "003 <- 001  003_c.js  m003\n"
            "004 <- 002, 003 (merge) (head)  004_join_branches.js  join branches\n");
  EXPECT_EQ(Alab({"merge", "-m", "again"}).exit_code, 1);
  auto json = Alab({"history", "--json"});
  EXPECT_NE(json.out.find("\"merge\": true"), std::string::npos) << json.out;
}

TEST_F(Project, RebaseRenumbersTheLaterBranch) {
  using std::chrono::minutes;
  dir_.Write("migrations/001_a.js", Migration("001", "null", kCreateUser));
  dir_.Write("migrations/002_theirs.js", Migration("002", "\"001\"", ""));
  dir_.Write("migrations/002_mine.js", Migration("002", "\"001\"",
                                                 "    m.add_column(\"auth.user\", (t) => {\n      "
                                                 "t.text(\"bio\").optional();\n    });\n"));
  auto t0 = fs::file_time_type::clock::now() - std::chrono::hours(1);
  fs::last_write_time(dir_ / "migrations/001_a.js", t0);
  fs::last_write_time(dir_ / "migrations/002_theirs.js", t0 + minutes(1));
  fs::last_write_time(dir_ / "migrations/002_mine.js", t0 + minutes(2));
  EXPECT_EQ(Alab({"history"}).exit_code, 1);
  dir_.Write("alab.lock", "stale\n");
  auto r = Alab({"rebase"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string lock = dir_.Read("alab.lock");
  EXPECT_NE(lock.find(" migrations/003_mine.js\n"), std::string::npos) << lock;
  EXPECT_EQ(lock.find("002_mine.js"), std::string::npos) << lock;
  EXPECT_NE(r.out.find("migrations/002_mine.js -> migrations/003_mine.js"), std::string::npos)
      << r.out;
  EXPECT_EQ(MigrationFiles(dir_),
            (std::vector<std::string>{"001_a.js", "002_theirs.js", "003_mine.js"}));
  std::string text = dir_.Read("migrations/003_mine.js");
  EXPECT_NE(text.find("up_revision: \"003\""), std::string::npos) << text;
  EXPECT_NE(text.find("down_revision: \"002\""), std::string::npos) << text;
  auto heads = Alab({"heads"});
  EXPECT_EQ(heads.out, "003 (head)  003_mine.js  m002\n");
  auto again = Alab({"rebase"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("nothing to rebase"), std::string::npos) << again.out;
}

TEST_F(Project, SqlPrintsEveryMigrationOffline) {
  ASSERT_EQ(Alab({"new", "init"}).exit_code, 0);
  dir_.Write("schemas/blog/post.js", kPost);
  ASSERT_EQ(Alab({"new", "add posts"}).exit_code, 0);
  auto all = Alab({"sql"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(
      all.out.rfind("-- migrate migrations/001_init.js (001): init\nBEGIN;\nCREATE TABLE ", 0), 0u)
      << all.out;
  EXPECT_NE(
      all.out.find("COMMIT;\n\n-- migrate migrations/002_add_posts.js (002): add posts\nBEGIN;\n"),
      std::string::npos)
      << all.out;
  auto one = Alab({"sql", "002", "--dialect", "postgres"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out.rfind("-- migrate migrations/002_add_posts.js (002): add posts\nBEGIN;\nCREATE "
                          "TABLE \"blog_post\"",
                          0),
            0u)
      << one.out;
  EXPECT_NE(one.out.find("REFERENCES \"auth_user\""), std::string::npos) << one.out;
  EXPECT_EQ(Alab({"sql", "009"}).exit_code, 1);
  auto down = Alab({"sql", "002", "--down"});
  EXPECT_NE(down.out.find("DROP TABLE \"blog_post\""), std::string::npos) << down.out;
  EXPECT_FALSE(fs::exists(dir_ / "app.db"));  // offline: no database touched
}

}  // namespace
}  // namespace alab
