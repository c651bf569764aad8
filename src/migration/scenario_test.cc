// Golden scenarios: testdata/scenarios/<name>.txtar, one file per scenario.
//
// Input sections: `-- from/<ns>/<table>.js --` and `-- to/<ns>/<table>.js --` (schema files),
// and an optional `-- options --` section with lines `yes` (accept suggested renames),
// `rename table <ns.old> <new>` and `rename column <ns.table.old> <new>` (hints).
// Expected sections, produced by the code (ALAB_UPDATE_GOLDEN=1 rewrites them):
// `ops` (the from -> to operations), `migration.js` (the generated file), and the SQL of
// its up() and down() for both dialects. The `from` schema is built by a first generated
// migration (from empty), so every scenario also checks generation from scratch.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/files.h"
#include "base/strings.h"
#include "dialect/dialect.h"
#include "migration/generate.h"
#include "migration/load.h"
#include "migration/replay.h"
#include "migration/script.h"
#include "schema/project.h"
#include "test_support.h"

namespace alab::migration {
namespace {

namespace fs = std::filesystem;

using Scenario = testing::Txtar;
using testing::FormatTxtar;
using testing::ParseTxtar;

bool IsInput(const std::string& name) {
  return StartsWith(name, "from/") || StartsWith(name, "to/") || name == "options";
}

schema::Schema LoadSide(const Scenario& s, const std::string& side, const fs::path& root) {
  for (const auto& sec : s.sections)
    if (StartsWith(sec.name, side + "/")) {
      fs::path p = root / "schemas" / sec.name.substr(side.size() + 1);
      fs::create_directories(p.parent_path());
      std::ofstream(p, std::ios::binary) << sec.body;
    }
  fs::create_directories(root / "schemas");
  schema::LoadResult r = schema::LoadSchemas(root, root / "schemas");
  EXPECT_TRUE(r.ok()) << side << " schema files have errors:\n" << r.diags.Render();
  return r.schema;
}

GenerateRequest RequestFor(const Scenario& s) {
  GenerateRequest req;
  req.name = "change";
  bool yes = false;
  for (const auto& sec : s.sections) {
    if (sec.name != "options") continue;
    for (const auto& raw : Split(sec.body, '\n')) {
      std::vector<std::string> w = Split(Trim(raw), ' ');
      if (w.size() == 1 && w[0] == "yes") yes = true;
      if (w.size() == 4 && w[0] == "rename" && w[1] == "table") req.diff.rename_tables[w[2]] = w[3];
      if (w.size() == 4 && w[0] == "rename" && w[1] == "column")
        req.diff.rename_columns[w[2]] = w[3];
    }
  }
  req.diff.decide = [yes](const diff::RenameCandidate&) { return yes; };
  return req;
}

// Generates 001 (empty -> from) and 002 (from -> to); returns 002 and its loaded form.
struct Generated {
  Migration first;
  GeneratedMigration change;
  Migration second;
  schema::Schema from_state;
};

Generated Generate(const Scenario& s) {
  testing::TempDir from_dir, to_dir;
  schema::Schema from = LoadSide(s, "from", from_dir.path());
  schema::Schema to = LoadSide(s, "to", to_dir.path());
  Generated g;
  std::vector<Migration> history;
  GenerateRequest init;
  init.name = "init";
  auto first = GenerateMigration({}, schema::Schema{}, from, init);
  EXPECT_TRUE(first.ok()) << first.error().message;
  if (!first.ok()) return g;
  if (!first->no_changes) {
    diag::DiagnosticSink diags;
    g.first = LoadMigrationText("migrations/" + first->file_name, first->content, diags);
    EXPECT_FALSE(diags.has_errors()) << diags.Render();
    history.push_back(g.first);
  }
  std::vector<const Migration*> order;
  for (const auto& m : history) order.push_back(&m);
  auto replayed = Replay(order);
  EXPECT_TRUE(replayed.ok()) << replayed.error().message;
  if (!replayed.ok()) return g;
  g.from_state = replayed->schema;
  EXPECT_TRUE(schema::SameDatabaseShape(g.from_state, from));
  auto change = GenerateMigration(history, g.from_state, to, RequestFor(s));
  EXPECT_TRUE(change.ok()) << change.error().message;
  if (!change.ok()) return g;
  g.change = *change;
  if (!change->no_changes) {
    diag::DiagnosticSink diags;
    g.second = LoadMigrationText("migrations/" + change->file_name, change->content, diags);
    EXPECT_FALSE(diags.has_errors()) << diags.Render();
  }
  return g;
}

std::string SqlFor(const Generated& g, const std::string& dialect_name, bool down) {
  if (g.change.no_changes) return "";
  auto d = dialect::MakeDialect(dialect_name);
  schema::Schema state = g.from_state;
  if (down) {
    Status st = ApplyMigrationOps(g.second, g.second.up, state);
    if (!st.ok()) return "error: " + st.error().message + "\n";
  }
  auto statements = dialect::RenderAll(*d, down ? g.second.down : g.second.up, state);
  if (!statements.ok()) return "error: " + statements.error().message + "\n";
  return MigrationScript(g.second, *statements, *d, down);
}

class ScenarioTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioTest, MatchesGolden) {
  fs::path path = testing::SourceDir() / "testdata/scenarios" / (GetParam() + ".txtar");
  Scenario in = ParseTxtar(testing::ReadText(path));
  Generated g = Generate(in);
  if (::testing::Test::HasFailure()) return;

  Scenario out;
  out.comment = in.comment;
  for (const auto& sec : in.sections)
    if (IsInput(sec.name)) out.sections.push_back(sec);
  std::string ops;
  for (const auto& op : g.change.up) ops += ops::Describe(op) + "\n";
  out.sections.push_back({"ops", g.change.no_changes ? "(no changes)\n" : ops});
  out.sections.push_back({"migration.js", g.change.content});
  out.sections.push_back({"up.sqlite.sql", SqlFor(g, "sqlite", false)});
  out.sections.push_back({"up.postgres.sql", SqlFor(g, "postgres", false)});
  out.sections.push_back({"down.sqlite.sql", SqlFor(g, "sqlite", true)});
  out.sections.push_back({"down.postgres.sql", SqlFor(g, "postgres", true)});
  std::string diff = testing::CompareGolden(path, FormatTxtar(out));
  EXPECT_EQ(diff, "");

  // Determinism: a second run from fresh copies gives the same bytes.
  Generated again = Generate(in);
  EXPECT_EQ(again.first.content, g.first.content);
  EXPECT_EQ(again.change.content, g.change.content);
}

std::vector<std::string> ScenarioNames() {
  std::vector<std::string> names;
  for (const auto& p : ListFiles(testing::SourceDir() / "testdata/scenarios", ".txtar"))
    names.push_back(p.stem().string());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Golden, ScenarioTest, ::testing::ValuesIn(ScenarioNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(Scenarios, AtLeastSixty) { EXPECT_GE(ScenarioNames().size(), 60u); }

}  // namespace
}  // namespace alab::migration
