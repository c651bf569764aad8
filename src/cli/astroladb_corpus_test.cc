// Projects written for the original AstrolaDB run unchanged (SPEC §2): the templates and
// examples of its public repository, copied verbatim into testdata/astroladb/ (see the README
// there), go through new -> migrate -> check -> export -> rollback on both dialects.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/strings.h"
#include "dialect/inspect.h"
#include "runner/runner_test_util.h"

namespace alab::cli {
namespace {

namespace fs = std::filesystem;
using testing::RunAlab;
using testing::RunResult;

// A copy of testdata/astroladb/<name> with a database for the dialect. A project that brings
// its own alab.yaml keeps it (the url is then given with --database-url, as a user overriding
// a committed url would).
struct CorpusProject {
  runner::testkit::Project p;
  bool own_yaml = false;

  RunResult Run(std::vector<std::string> args, const std::vector<std::string>& env = {}) const {
    if (own_yaml) {
      args.insert(args.begin(), p.cfg.url);
      args.insert(args.begin(), "--database-url");
    }
    return RunAlab(args, p.dir->path(), env);
  }
  // The database's tables (alab's own left out), one per line in name order, as the
  // connection's Dialect reads its catalog.
  std::string Tables() const {
    auto conn = runner::testkit::ConnectOrDie(p.cfg);
    if (!conn) return "<no connection>";
    auto live = dialect::Inspect(*conn);
    if (!live) return "<" + live.error().message + ">";
    std::vector<std::string> names;
    for (const auto& t : live->tables) names.push_back(t.SqlName());
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& n : names) out += n + "\n";
    return out;
  }
};

CorpusProject Copy(const std::string& name, const std::string& dialect) {
  CorpusProject c{runner::testkit::MakeProject(dialect, "corpus_" + name)};
  fs::path from = testing::SourceDir() / "testdata" / "astroladb" / name;
  for (const char* part : {"schemas", "migrations"})
    if (fs::exists(from / part))
      fs::copy(from / part, c.p.dir->path() / part,
               fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  if (fs::exists(from / "alab.yaml")) {
    fs::copy_file(from / "alab.yaml", c.p.dir->path() / "alab.yaml");
    c.own_yaml = true;
  } else {
    runner::testkit::WriteAlabYaml(c.p);
  }
  return c;
}

class AstrolaCorpusTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
  }
};

#define EXPECT_RUN_OK(r) EXPECT_EQ((r).exit_code, 0) << (r).out << (r).err

// The schema files match what the migrations build, the database matches them, export works,
// and rolling everything back leaves no table.
void ExpectGreenThenRollBack(const CorpusProject& c) {
  auto check = c.Run({"check"});
  EXPECT_RUN_OK(check);
  auto again = c.Run({"new", "again"});
  EXPECT_RUN_OK(again);
  EXPECT_NE(again.out.find("no changes"), std::string::npos) << again.out << again.err;
  auto det = c.Run({"check", "--determinism"});
  EXPECT_RUN_OK(det);
  auto exp = c.Run({"export", "-f", "all"});
  EXPECT_RUN_OK(exp);
  EXPECT_TRUE(fs::exists(c.p.dir->path() / "exports")) << exp.out << exp.err;
  auto back = c.Run({"rollback", "100"});
  EXPECT_RUN_OK(back);
  EXPECT_EQ(c.Tables(), "");
}

// Schema files only (the templates of `alab init`, examples/basic): alab writes the migration.
TEST_P(AstrolaCorpusTest, SchemaOnlyProjects) {
  for (const char* name : {"templates", "basic"}) {
    SCOPED_TRACE(name);
    auto c = Copy(name, GetParam());
    auto made = c.Run({"new", "initial"});
    EXPECT_RUN_OK(made);
    auto up = c.Run({"migrate"});
    EXPECT_RUN_OK(up);
    EXPECT_NE(c.Tables().find("auth_user"), std::string::npos);
    ExpectGreenThenRollBack(c);
  }
}

// examples/relationships: the original's own migration, then its schema files checked against
// it (junction shape, relationship keys, searchable metadata).
TEST_P(AstrolaCorpusTest, OriginalMigrationMatchesItsSchemaFiles) {
  auto c = Copy("relationships", GetParam());
  auto up = c.Run({"migrate"});
  EXPECT_RUN_OK(up);
  EXPECT_EQ(c.Tables(), "auth_role\nauth_role_auth_user\nauth_user\nblog_post\n");
  auto diff = c.Run({"diff", "--from", "migrations", "--to", "schemas"});
  EXPECT_RUN_OK(diff);
  ExpectGreenThenRollBack(c);
}

// examples/migrator: four hand-written migrations without revisions (their order is their
// file names), a committed alab.yaml with a literal password overridden by --database-url;
// `alab new` then brings the history to the schema files.
TEST_P(AstrolaCorpusTest, MigratorExample) {
  auto c = Copy("migrator", GetParam());
  // Its own migrations drop a column and a table: migrate asks for the confirmation.
  auto up = c.Run({"migrate", "--confirm-destroy"});
  EXPECT_RUN_OK(up);
  EXPECT_NE(up.err.find("alab.yaml:4:8: 'database.url' holds a literal password"),
            std::string::npos)
      << up.err;
  EXPECT_NE(c.Tables().find("blog_label"), std::string::npos) << c.Tables();
  auto heads = c.Run({"heads"});
  EXPECT_RUN_OK(heads);
  auto made = c.Run({"new", "converge", "--no-renames"});
  EXPECT_RUN_OK(made);
  auto up2 = c.Run({"migrate", "--confirm-destroy"});
  EXPECT_RUN_OK(up2);
  ExpectGreenThenRollBack(c);
}

// examples/migrations' 20260216000001_add_user_bio.js after a NNN_ file: one history, not two
// roots, and `alab new` numbers after it.
TEST_P(AstrolaCorpusTest, TimestampNumberedMigrationFollowsTheNumberedOne) {
  auto c = Copy("timestamped", GetParam());
  auto heads = c.Run({"heads"});
  EXPECT_RUN_OK(heads);
  EXPECT_TRUE(StartsWith(heads.out, "20260216000001 (head)")) << heads.out;
  EXPECT_EQ(std::count(heads.out.begin(), heads.out.end(), '\n'), 1) << heads.out;
  auto up = c.Run({"migrate"});
  EXPECT_RUN_OK(up);
  auto conn = runner::testkit::ConnectOrDie(c.p.cfg);
  ASSERT_TRUE(conn);
  EXPECT_EQ(runner::testkit::RowsText(
                *conn, "SELECT revision FROM alab_migrations ORDER BY applied_order"),
            "001\n20260216000001\n");
  // The schema files (the templates) have no bio: alab new drops it, in a file after the last.
  auto made = c.Run({"new", "drop_bio"});
  EXPECT_RUN_OK(made);
  EXPECT_TRUE(fs::exists(c.p.dir->path() / "migrations" / "20260216000002_drop_bio.js"))
      << made.out << made.err;
  auto up2 = c.Run({"migrate", "--confirm-destroy"});
  EXPECT_RUN_OK(up2);
  ExpectGreenThenRollBack(c);
}

// `alab new --timestamp` names the file by the UTC time; SOURCE_DATE_EPOCH fixes the clock, so
// the bytes are reproducible. The next plain `alab new` numbers after it.
TEST_P(AstrolaCorpusTest, NewWithTimestamp) {
  std::string first;
  for (int round = 0; round < 2; ++round) {
    auto c = Copy("templates", GetParam());
    auto made = c.Run({"new", "init", "--timestamp"}, {"SOURCE_DATE_EPOCH=1771200001"});
    ASSERT_EQ(made.exit_code, 0) << made.out << made.err;
    std::string text = c.p.dir->Read("migrations/20260216000001_init.js");
    EXPECT_NE(text.find("up_revision: \"20260216000001\""), std::string::npos) << text;
    if (round == 0) first = text;
    EXPECT_EQ(text, first);
    auto up = c.Run({"migrate"});
    EXPECT_RUN_OK(up);
    c.p.dir->Write("schemas/auth/team.js",
                   "export default table({\n  id: col.id(),\n  name: col.name(),\n});\n");
    auto next = c.Run({"new", "team"});
    EXPECT_RUN_OK(next);
    EXPECT_TRUE(fs::exists(c.p.dir->path() / "migrations" / "20260216000002_team.js")) << next.out;
    auto up2 = c.Run({"migrate"});
    EXPECT_RUN_OK(up2);
    auto check = c.Run({"check"});
    EXPECT_RUN_OK(check);
  }
}

INSTANTIATE_TEST_SUITE_P(Dialects, AstrolaCorpusTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::cli
