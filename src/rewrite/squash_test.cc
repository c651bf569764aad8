// `alab squash` end to end on SQLite and PostgreSQL: a history with a rename and drops is
// squashed; the database that ran it, another one that ran it, and a fresh one all end at the
// same schema with verifying checksum chains; later migrations apply to all; refusals change
// nothing; --dry-run changes nothing; an interrupted squash is detected.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "dialect/inspect.h"
#include "runner/runner_test_util.h"
#include "runner/tracking.h"
#include "schema/ir.h"

namespace alab::rewrite {

namespace testkit = runner::testkit;
using runner::StatusReport;
namespace {

namespace fs = std::filesystem;

const char* kUser1 =
    "export default table({ id: col.id(), name: col.string(80), email: col.string(120).unique() "
    "});\n";
const char* kUser2 =
    "export default table({ id: col.id(), name: col.string(80), email: col.string(120).unique(), "
    "nickname: col.string(40).optional() });\n";
const char* kPost1 =
    "export default table({ id: col.id(), author: col.belongs_to(\"app.user\"), title: "
    "col.string(200), "
    "body: col.text() });\n";
const char* kPost2 =
    "export default table({ id: col.id(), author: col.belongs_to(\"app.user\"), headline: "
    "col.string(200), "
    "body: col.text() });\n";
const char* kTag = "export default table({ id: col.id(), label: col.string(40) });\n";
const char* kNote = "export default table({ id: col.id(), text: col.text().optional() });\n";

class Squash : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
  }

  testing::RunResult Run(const testkit::Project& p, std::vector<std::string> args,
                         const std::string& url = "") {
    if (!url.empty()) args.insert(args.begin(), {"--database-url", url});
    return testing::RunAlab(args, p.dir->path());
  }

  void Ok(const testkit::Project& p, std::vector<std::string> args, const std::string& url = "") {
    auto r = Run(p, args, url);
    ASSERT_EQ(r.exit_code, 0) << args[0] << "\n" << r.out << r.err;
  }

  std::string NewUrl(const testkit::Project& p, const std::string& name) {
    return GetParam() == "sqlite" ? (p.dir->path() / (name + ".db")).string()
                                  : testing::CreatePgDatabase("squash_" + name);
  }

  // 001 create user+post, 002 add tag + user.nickname, 003 drop tag + rename post.title,
  // 004 drop user.nickname; each generated with `alab new` and applied to the project's
  // database (and to every url in `also`, up to `also_to`).
  void BuildHistory(const testkit::Project& p, const std::vector<std::string>& also = {}) {
    p.dir->Write("schemas/app/user.js", kUser1);
    p.dir->Write("schemas/app/post.js", kPost1);
    Ok(p, {"new", "init", "--yes"});
    p.dir->Write("schemas/app/tag.js", kTag);
    p.dir->Write("schemas/app/user.js", kUser2);
    Ok(p, {"new", "add_tag", "--yes"});
    fs::remove(p.dir->path() / "schemas/app/tag.js");
    p.dir->Write("schemas/app/post.js", kPost2);
    Ok(p, {"new", "rename_drop", "--yes"});
    p.dir->Write("schemas/app/user.js", kUser1);
    Ok(p, {"new", "drop_nick", "--yes"});
    ASSERT_NE(p.dir->Read("migrations/003_rename_drop.js").find("rename_column"),
              std::string::npos);
    Ok(p, {"migrate", "--confirm-destroy"});
    for (const auto& url : also) Ok(p, {"migrate", "--confirm-destroy"}, url);
  }

  // Every file of the project (path -> bytes) except the SQLite databases.
  static std::map<std::string, std::string> Files(const testkit::Project& p) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(p.dir->path())) {
      if (!e.is_regular_file()) continue;
      std::string rel = fs::relative(e.path(), p.dir->path()).string();
      if (rel.find(".db") != std::string::npos) continue;
      if (rel.rfind(".alab/cache/", 0) == 0)
        continue;  // the evaluation cache is not the project's content
      out[rel] = p.dir->Read(rel);
    }
    return out;
  }

  std::string Inspected(const std::string& url) {
    config::Config cfg;
    cfg.dialect = GetParam();
    cfg.url = url;
    auto conn = testkit::ConnectOrDie(cfg);
    if (!conn) return "";
    auto s = dialect::Inspect(*conn);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    if (!s.ok()) return "";
    schema::Canonicalize(*s);
    return schema::ToJson(*s).dump(1);
  }

  // The status of the database at url against the project's migration files (the checksum
  // chain and the squashed rows verified).
  StatusReport Status(const testkit::Project& p, const std::string& url) {
    config::Config cfg = p.cfg;
    cfg.url = url;
    auto plan = testkit::PlanOrDie(cfg);
    auto conn = testkit::ConnectOrDie(cfg);
    if (!plan || !conn) return {};
    auto rep = ReadStatus(*conn, *plan);
    EXPECT_TRUE(rep.ok()) << (rep.ok() ? "" : rep.error().message);
    return rep.ok() ? *rep : StatusReport{};
  }

  std::string Revisions(const std::string& url) {
    config::Config cfg;
    cfg.dialect = GetParam();
    cfg.url = url;
    auto conn = testkit::ConnectOrDie(cfg);
    return conn ? testkit::RowsText(*conn,
                                    "SELECT revision FROM alab_migrations ORDER BY applied_order")
                : "";
  }
};

TEST_P(Squash, OldAndFreshDatabasesEndAtTheSameSchema) {
  auto p = testkit::MakeProject(GetParam(), "squash_main");
  testkit::WriteAlabYaml(p);
  const std::string db_c = NewUrl(p, "other");  // another database that ran the old history
  BuildHistory(p, {db_c});
  auto before = Files(p);
  const std::string before_schema = Inspected(p.cfg.url);

  // --dry-run: prints the plan and the baseline, changes nothing.
  auto dry = Run(p, {"squash", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would write migrations/005_baseline.js (baseline of 001..004)"),
            std::string::npos)
      << dry.out;
  EXPECT_NE(
      dry.out.find(
          "would move migrations/003_rename_drop.js -> .alab/archive/001..004/003_rename_drop.js"),
      std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("replaces: [\"001\", \"002\", \"003\", \"004\"],"), std::string::npos)
      << dry.out;
  EXPECT_EQ(Files(p), before);
  EXPECT_EQ(Revisions(p.cfg.url), "001\n002\n003\n004\n");

  auto sq = Run(p, {"squash"});
  ASSERT_EQ(sq.exit_code, 0) << sq.out << sq.err;
  EXPECT_NE(sq.out.find("recorded migrations/005_baseline.js as applied"), std::string::npos)
      << sq.out;
  // Archived byte for byte; only the baseline is left in migrations/.
  for (const char* f :
       {"001_init.js", "002_add_tag.js", "003_rename_drop.js", "004_drop_nick.js"}) {
    EXPECT_FALSE(fs::exists(p.dir->path() / "migrations" / f)) << f;
    EXPECT_EQ(p.dir->Read(std::string(".alab/archive/001..004/") + f),
              before.at(std::string("migrations/") + f))
        << f;
  }
  std::string baseline = p.dir->Read("migrations/005_baseline.js");
  EXPECT_EQ(dry.out.substr(dry.out.find("export default migration(")), baseline);
  EXPECT_EQ(baseline.find("rename"), std::string::npos)
      << "the baseline is the schema, not the union:\n"
      << baseline;
  EXPECT_EQ(baseline.find("app.tag"), std::string::npos) << baseline;
  EXPECT_EQ(baseline.find("nickname"), std::string::npos) << baseline;
  Ok(p, {"lock", "verify"});

  // (1) DB-A: migrate is a no-op, status shows the baseline applied, check passes.
  auto m = Run(p, {"migrate"});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NE(m.out.find("already up to date"), std::string::npos) << m.out;
  auto st = Run(p, {"status"});
  ASSERT_EQ(st.exit_code, 0) << st.err;
  EXPECT_NE(st.out.find("1 applied, 0 pending, 4 squashed into a baseline"), std::string::npos)
      << st.out;
  EXPECT_NE(st.out.find("drift: none"), std::string::npos) << st.out;
  auto report = Status(p, p.cfg.url);
  ASSERT_EQ(report.entries.size(), 5u);
  EXPECT_EQ(report.entries[0].state, "squashed");
  EXPECT_EQ(report.entries[4].revision, "005");
  EXPECT_EQ(report.entries[4].state, "applied");
  EXPECT_TRUE(report.problems.empty()) << report.problems.front();
  Ok(p, {"check", "--determinism"});
  EXPECT_EQ(Inspected(p.cfg.url), before_schema);

  // DB-C ran the old history elsewhere: check passes before it migrates; migrate records the
  // baseline without running it.
  Ok(p, {"check"}, db_c);
  m = Run(p, {"migrate"}, db_c);
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NE(m.out.find("recorded migrations/005_baseline.js as applied without running it"),
            std::string::npos)
      << m.out;
  EXPECT_EQ(Revisions(db_c), "001\n002\n003\n004\n005\n");
  Ok(p, {"check", "--determinism"}, db_c);

  // (2) DB-B, fresh: migrate runs the baseline.
  const std::string db_b = NewUrl(p, "fresh");
  m = Run(p, {"migrate"}, db_b);
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NE(m.out.find("applied migrations/005_baseline.js"), std::string::npos) << m.out;
  EXPECT_EQ(Revisions(db_b), "005\n");
  Ok(p, {"check", "--determinism"}, db_b);

  // (3) The same schema everywhere.
  EXPECT_EQ(Inspected(db_b), before_schema);
  EXPECT_EQ(Inspected(db_c), before_schema);

  // The baseline cannot be rolled back.
  auto rb = Run(p, {"rollback"});
  EXPECT_EQ(rb.exit_code, 1);
  EXPECT_NE(rb.err.find("cannot roll back the squash baseline"), std::string::npos) << rb.err;

  // (4) A migration written after the squash chains onto the baseline and applies to all.
  p.dir->Write("schemas/app/note.js", kNote);
  Ok(p, {"new", "add_note", "--yes"});
  EXPECT_NE(p.dir->Read("migrations/006_add_note.js").find("down_revision: \"005\""),
            std::string::npos);
  for (const std::string& url : {p.cfg.url, db_b, db_c}) {
    Ok(p, {"migrate"}, url);
    auto rep = Status(p, url);
    EXPECT_EQ(rep.pending, 0);
    EXPECT_TRUE(rep.problems.empty()) << rep.problems.front();
    Ok(p, {"check", "--determinism"}, url);
  }
  EXPECT_EQ(Inspected(db_b), Inspected(p.cfg.url));
  EXPECT_EQ(Inspected(db_c), Inspected(p.cfg.url));
  Ok(p, {"lock", "verify"});

  // Squashing again: the new baseline stands for the first one's revisions too, so both the
  // databases that ran 001..004 and the one that ran the first baseline record it.
  auto again = Run(p, {"squash"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("wrote migrations/007_baseline.js (baseline of 001..006)"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(p.dir->Read(".alab/archive/001..006/005_baseline.js"), baseline);
  EXPECT_NE(p.dir->Read("migrations/007_baseline.js")
                .find("replaces: [\"001\", \"002\", \"003\", \"004\", \"005\", \"006\"]"),
            std::string::npos);
  for (const std::string& url : {db_b, db_c}) {
    m = Run(p, {"migrate"}, url);
    ASSERT_EQ(m.exit_code, 0) << m.err;
    EXPECT_NE(m.out.find("recorded migrations/007_baseline.js"), std::string::npos) << m.out;
  }
  for (const std::string& url : {p.cfg.url, db_b, db_c}) Ok(p, {"check", "--determinism"}, url);
  EXPECT_EQ(Revisions(db_b), "005\n006\n007\n");
  Ok(p, {"lock", "verify"});

  // Rolling back a migration after the baseline works and stops at the baseline.
  p.dir->Write("schemas/app/tag.js", kTag);
  Ok(p, {"new", "add_tag_again", "--yes"});
  Ok(p, {"migrate"}, db_b);
  Ok(p, {"rollback"}, db_b);
  EXPECT_EQ(Revisions(db_b), "005\n006\n007\n");
  EXPECT_EQ(Run(p, {"rollback"}, db_b).exit_code, 1);
}

TEST_P(Squash, RefusalsChangeNothing) {
  auto p = testkit::MakeProject(GetParam(), "squash_refuse");
  testkit::WriteAlabYaml(p);
  BuildHistory(p);
  auto before = Files(p);
  auto refused = [&](const std::vector<std::string>& args, const std::string& why,
                     const std::string& url = "") {
    auto r = Run(p, args, url);
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find(why), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(p.dir->path() / ".alab" / "archive"));
  };

  // Pending migrations on the configured database.
  const std::string half = NewUrl(p, "half");
  Ok(p, {"migrate", "--to", "002"}, half);
  refused({"squash"}, "2 migrations are pending", half);
  refused({"squash", "--dry-run"}, "run `alab migrate` first", half);
  EXPECT_EQ(Files(p), before);

  // Drift: a hand-made change.
  {
    auto conn = testkit::ConnectOrDie(p.cfg);
    ASSERT_TRUE(conn->Exec("ALTER TABLE app_user ADD COLUMN phone TEXT").ok());
  }
  refused({"squash"}, "drift", "");
  {
    auto conn = testkit::ConnectOrDie(p.cfg);
    ASSERT_TRUE(conn->Exec("ALTER TABLE app_user DROP COLUMN phone").ok());
  }

  // A dirty alab.lock.
  std::string lock = p.dir->Read("alab.lock");
  p.dir->Write(
      "alab.lock",
      lock + "0000000000000000000000000000000000000000000000000000000000000000 migrations/x.js\n");
  refused({"squash"}, "alab.lock does not match the migration files");
  p.dir->Write("alab.lock", lock);

  // Schema files ahead of the migrations.
  p.dir->Write("schemas/app/note.js", kNote);
  refused({"squash"}, "run `alab new <name>`");
  fs::remove(p.dir->path() / "schemas/app/note.js");
  EXPECT_EQ(Files(p), before);

  // A database that ran only part of the squashed history is refused by migrate.
  Ok(p, {"squash"});
  auto r = Run(p, {"migrate"}, half);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("has not applied 003, 004 of them"), std::string::npos) << r.err;
  EXPECT_EQ(Revisions(half), "001\n002\n");
}

// A squash cut short after writing the baseline (the old files still in migrations/) is
// named by every command that loads the history, with the way to finish or undo it.
TEST_P(Squash, InterruptedSquashIsDetected) {
  auto p = testkit::MakeProject(GetParam(), "squash_cut");
  testkit::WriteAlabYaml(p);
  BuildHistory(p);
  auto dry = Run(p, {"squash", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  p.dir->Write("migrations/005_baseline.js",
               dry.out.substr(dry.out.find("export default migration(")));
  fs::create_directories(p.dir->path() / ".alab/archive/001..004");
  fs::rename(p.dir->path() / "migrations/001_init.js",
             p.dir->path() / ".alab/archive/001..004/001_init.js");
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"migrate"}, {"status"}, {"check"}}) {
    auto r = Run(p, args);
    EXPECT_EQ(r.exit_code, 1) << args[0] << r.out << r.err;
    EXPECT_NE(
        r.err.find("migrations/002_add_tag.js: revision 002 was squashed into "
                   "migrations/005_baseline.js, but "
                   "the file is still in the migrations folder (an interrupted `alab squash`?)"),
        std::string::npos)
        << args[0] << r.err;
  }
  EXPECT_EQ(Revisions(p.cfg.url), "001\n002\n003\n004\n");
}

TEST(SquashOffline, RunsWithoutADatabaseAndSaysSo) {
  auto p = testkit::MakeProject("sqlite", "squash_offline");
  testkit::WriteAlabYaml(p);
  p.dir->Write("schemas/app/user.js", kUser1);
  ASSERT_EQ(testing::RunAlab({"new", "init"}, p.dir->path()).exit_code, 0);
  p.dir->Write("schemas/app/tag.js", kTag);
  ASSERT_EQ(testing::RunAlab({"new", "tag"}, p.dir->path()).exit_code, 0);
  ASSERT_EQ(testing::RunAlab({"lock", "repair"}, p.dir->path()).exit_code, 0);
  p.dir->Write("alab.yaml", "database:\n  dialect: sqlite\n");
  auto r = testing::RunAlab({"squash"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("no database configured: squashing offline"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(p.dir->path() / "migrations/003_baseline.js"));
  EXPECT_EQ(testing::RunAlab({"lock", "verify"}, p.dir->path()).exit_code, 0);
  // Nothing left to squash: one migration.
  r = testing::RunAlab({"squash"}, p.dir->path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("nothing to squash"), std::string::npos) << r.out;
  // Usage errors are exit 2.
  EXPECT_EQ(testing::RunAlab({"squash", "--bogus"}, p.dir->path()).exit_code, 2);
}

INSTANTIATE_TEST_SUITE_P(Runner, Squash, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::rewrite
