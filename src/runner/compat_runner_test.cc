// The runner's side of projects from the original AstrolaDB and of SPEC §3/§5 details it
// showed missing: `migrate --dry` prints only what migrate would run; `alab status` shows each
// migration's description; junctions in the seeds' shape on a real database, and those of
// earlier alab versions kept as they are.
#include <gtest/gtest.h>

#include "base/strings.h"
#include "diff/diff.h"
#include "migration/generate.h"
#include "migration/history.h"
#include "migration/replay.h"
#include "runner/executor.h"
#include "runner/runner_test_util.h"
#include "schema/project.h"

namespace alab::runner {
namespace {

std::string Mig(const std::string& rev, const std::string& parent, const std::string& table) {
  return "export default migration({\n  description: \"create " + table + "\",\n  up_revision: \"" +
         rev + "\",\n  down_revision: " + (parent.empty() ? "null" : "\"" + parent + "\"") +
         ",\n  up(m) {\n    m.create_table(\"app." + table +
         "\", (t) => {\n      t.id();\n    });\n  },\n  down(m) {\n    m.drop_table(\"app." +
         table + "\");\n  },\n});\n";
}

class CompatRunnerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") ALAB_REQUIRE_PG();
  }
};

TEST_P(CompatRunnerTest, DryRunLeavesOutAppliedMigrations) {
  auto p = testkit::MakeProject(GetParam(), "compat_dry");
  p.WriteMigration("001_a.js", Mig("001", "", "a"));
  p.WriteMigration("002_b.js", Mig("002", "001", "b"));
  p.WriteMigration("003_c.js", Mig("003", "002", "c"));
  auto plan = testkit::PlanOrDie(p.cfg);
  MigrateOptions dry;
  dry.dry = true;
  testkit::Captured fresh;
  ASSERT_TRUE(Migrate(p.cfg, *plan, dry, fresh.output()).ok());
  EXPECT_NE(fresh.info.find("-- migrate migrations/001_a.js (001)"), std::string::npos)
      << fresh.info;
  MigrateOptions to2;
  to2.to = "002";
  testkit::Captured applied;
  Status st = Migrate(p.cfg, *plan, to2, applied.output());
  ASSERT_TRUE(st.ok()) << st.error().message;
  testkit::Captured out;
  ASSERT_TRUE(Migrate(p.cfg, *plan, dry, out.output()).ok());
  EXPECT_EQ(out.info.find("-- migrate migrations/001_a.js"), std::string::npos) << out.info;
  EXPECT_EQ(out.info.find("-- migrate migrations/002_b.js"), std::string::npos) << out.info;
  EXPECT_NE(out.info.find("-- migrate migrations/003_c.js (003)"), std::string::npos) << out.info;
  EXPECT_NE(out.info.find("-- 2 migrations already applied to"), std::string::npos) << out.info;
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  EXPECT_EQ(testkit::RowsText(*conn, "SELECT revision FROM alab_migrations ORDER BY applied_order"),
            "001\n002\n");
  // A database that cannot be read: said so, and every migration is printed.
  config::Config gone = p.cfg;
  gone.url = GetParam() == "sqlite" ? (p.dir->path() / "nodir" / "x.db").string()
                                    : "postgresql://postgres@/nodb?host=/nonexistent&port=1";
  testkit::Captured blind;
  ASSERT_TRUE(Migrate(gone, *plan, dry, blind.output()).ok());
  EXPECT_NE(blind.info.find("-- migrate migrations/001_a.js (001)"), std::string::npos)
      << blind.info;
  EXPECT_TRUE(StartsWith(blind.info, "-- the database")) << blind.info;
}

TEST_P(CompatRunnerTest, StatusShowsDescriptions) {
  auto p = testkit::MakeProject(GetParam(), "compat_status");
  p.WriteMigration("001_a.js", Mig("001", "", "a"));
  p.WriteMigration("002_b.js", Mig("002", "001", "b"));
  auto plan = testkit::PlanOrDie(p.cfg);
  MigrateOptions to1;
  to1.to = "001";
  testkit::Captured applied;
  ASSERT_TRUE(Migrate(p.cfg, *plan, to1, applied.output()).ok());
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  auto report = ReadStatus(*conn, *plan);
  ASSERT_TRUE(report.ok()) << report.error().message;
  auto lines = Split(FormatStatus(*report), '\n');
  ASSERT_GE(lines.size(), 3u);
  EXPECT_TRUE(EndsWith(lines[0], "  DESCRIPTION")) << lines[0];
  size_t col = lines[0].find("DESCRIPTION");
  EXPECT_TRUE(StartsWith(lines[1], "001") && EndsWith(lines[1], "create a")) << lines[1];
  EXPECT_EQ(lines[1].find("create a"), col) << lines[0] << "\n" << lines[1];
  EXPECT_TRUE(StartsWith(lines[2], "002") && EndsWith(lines[2], "create b")) << lines[2];
  EXPECT_EQ(lines[2].find("create b"), col) << lines[0] << "\n" << lines[2];
}

const char* kRole =
    "export default table({\n  id: col.id(),\n  name: col.string(100).unique(),\n});\n";
const char* kUser =
    "export default table({\n  id: col.id(),\n  email: "
    "col.email().unique(),\n}).many_to_many(\"auth.role\");\n";

// The migration an earlier alab wrote for these schema files (the m2m_create scenario before the
// seed shape): ON DELETE CASCADE and the uniq_ pair.
const char* kEarlier = R"(export default migration({
  description: "change",
  up_revision: "001",
  down_revision: null,
  up(m) {
    m.create_table("auth.role", (t) => {
      t.id();
      t.string("name", 100).unique();
    });
    m.create_table("auth.user", (t) => {
      t.id();
      t.email("email").unique();
    });
    m.create_table("auth_role_auth_user", (t) => {
      t.belongs_to("auth.role").on_delete("cascade");
      t.belongs_to("auth.user").on_delete("cascade");
    });
    m.create_index("auth_role_auth_user", ["role_id"]);
    m.create_index("auth_role_auth_user", ["user_id"]);
    m.create_index("auth_role_auth_user", ["role_id", "user_id"], {
      unique: true,
    });
  },
  down(m) {
    m.drop_table("auth_role_auth_user");
    m.drop_table("auth.user");
    m.drop_table("auth.role");
  },
});
)";

// What the junction's catalog says: index names and the FK delete actions.
std::string JunctionCatalog(const testkit::Project& p) {
  auto conn = testkit::ConnectOrDie(p.cfg);
  if (!conn) return "";
  if (p.cfg.dialect == "sqlite")
    return testkit::RowsText(*conn,
                             "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                             "'auth_role_auth_user' ORDER BY name") +
           testkit::RowsText(
               *conn,
               "SELECT \"table\", on_delete FROM pragma_foreign_key_list('auth_role_auth_user') "
               "ORDER BY \"table\"");
  return testkit::RowsText(*conn,
                           "SELECT indexname FROM pg_indexes WHERE tablename = "
                           "'auth_role_auth_user' ORDER BY 1") +
         testkit::RowsText(
             *conn,
             "SELECT confrelid::regclass::text, CASE confdeltype WHEN 'a' THEN 'NO ACTION' WHEN "
             "'c' "
             "THEN 'CASCADE' ELSE confdeltype::text END FROM pg_constraint WHERE conrelid = "
             "'auth_role_auth_user'::regclass AND contype = 'f' ORDER BY 1");
}

// The schema files against the replay of the project's migrations: the ops `alab new` and
// `alab check` would report.
std::vector<ops::Op> Needed(const testkit::Project& p, schema::Schema* target = nullptr) {
  auto files = schema::LoadSchemas(p.cfg.root, p.cfg.schemas_dir);
  EXPECT_TRUE(files.ok()) << files.diags.Render();
  diag::DiagnosticSink diags;
  auto history = migration::LoadHistory(p.cfg.root, p.cfg.migrations_dir, diags);
  EXPECT_TRUE(history.ok()) << diags.Render();
  if (!history.ok()) return {};
  auto replayed = migration::Replay((*history)->order, "", false);
  EXPECT_TRUE(replayed.ok());
  if (!replayed.ok()) return {};
  if (target) *target = files.schema;
  return diff::Diff(replayed->schema, files.schema, diff::DiffOptions{});
}

TEST_P(CompatRunnerTest, JunctionOfAnEarlierAlabStaysAsItIs) {
  auto p = testkit::MakeProject(GetParam(), "compat_m2m_old");
  p.dir->Write("schemas/auth/role.js", kRole);
  p.dir->Write("schemas/auth/user.js", kUser);
  p.WriteMigration("001_change.js", kEarlier);
  auto plan = testkit::PlanOrDie(p.cfg);
  testkit::Captured out;
  Status st = Migrate(p.cfg, *plan, MigrateOptions{}, out.output());
  ASSERT_TRUE(st.ok()) << st.error().message;
  std::string cat = JunctionCatalog(p);
  EXPECT_NE(cat.find("uniq_auth_role_auth_user_role_id_user_id"), std::string::npos) << cat;
  EXPECT_EQ(cat.find("NO ACTION"), std::string::npos) << cat;
  // No change needed: the schema files' junction is compared in the shape the history has.
  auto needed = Needed(p);
  std::string list;
  for (const auto& op : needed) list += ops::Describe(op) + "\n";
  EXPECT_TRUE(needed.empty()) << list;
  // The applied SQL re-renders to what ran.
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  auto mismatches = CheckDeterminism(*conn, *plan);
  ASSERT_TRUE(mismatches.ok()) << mismatches.error().message;
  EXPECT_TRUE(mismatches->empty()) << Join(*mismatches, "\n");
}

TEST_P(CompatRunnerTest, NewJunctionGetsTheSeedShape) {
  auto p = testkit::MakeProject(GetParam(), "compat_m2m_new");
  p.dir->Write("schemas/auth/role.js", kRole);
  p.dir->Write("schemas/auth/user.js", kUser);
  schema::Schema target;
  auto ops = Needed(p, &target);
  ASSERT_FALSE(ops.empty());
  migration::GenerateRequest req;
  req.name = "init";
  auto gen = migration::GenerateMigration({}, schema::Schema{}, target, req);
  ASSERT_TRUE(gen.ok()) << gen.error().message;
  EXPECT_EQ(gen->content.find("cascade"), std::string::npos) << gen->content;
  EXPECT_NE(gen->content.find("name: \"idx_auth_role_auth_user_unique\""), std::string::npos)
      << gen->content;
  p.WriteMigration(gen->file_name, gen->content);
  auto plan = testkit::PlanOrDie(p.cfg);
  testkit::Captured out;
  Status st = Migrate(p.cfg, *plan, MigrateOptions{}, out.output());
  ASSERT_TRUE(st.ok()) << st.error().message;
  std::string cat = JunctionCatalog(p);
  EXPECT_NE(cat.find("idx_auth_role_auth_user_unique"), std::string::npos) << cat;
  EXPECT_NE(cat.find("idx_auth_role_auth_user_role_id"), std::string::npos) << cat;
  EXPECT_EQ(cat.find("uniq_"), std::string::npos) << cat;
  EXPECT_EQ(cat.find("CASCADE"), std::string::npos) << cat;
  EXPECT_NE(cat.find("NO ACTION"), std::string::npos) << cat;
  EXPECT_TRUE(Needed(p).empty());
  // Cascade is an explicit option.
  p.dir->Write("schemas/auth/user.js",
               "export default table({\n  id: col.id(),\n  email: "
               "col.email().unique(),\n}).many_to_many(\"auth.role\", "
               "{ on_delete: \"cascade\" });\n");
  auto change = Needed(p);
  std::string list;
  for (const auto& op : change) list += ops::Describe(op) + "\n";
  EXPECT_NE(list.find("auth_role_auth_user"), std::string::npos) << list;
}

INSTANTIATE_TEST_SUITE_P(Dialects, CompatRunnerTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace alab::runner
