// Data-driven scenarios: testdata/diff/<case>.json holds {from, to, options}; the diff's
// operations are compared with <case>.ops and the generated file with <case>.js (both
// rewritten with ALAB_UPDATE_GOLDEN=1); the file, evaluated by the migration loader,
// replays to `to` and its down() back to `from`.
#include <gtest/gtest.h>

#include <filesystem>

#include "base/strings.h"
#include "codegen/migration_writer.h"
#include "diff/diff.h"
#include "migration/load.h"
#include "test_support.h"

namespace alab::codegen {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(alab::testing::SourceDir() / "testdata/diff"))
    if (e.path().extension() == ".json") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

diff::DiffOptions Options(const nlohmann::json& j) {
  diff::DiffOptions o;
  if (j.contains("rename_tables"))
    o.rename_tables = j["rename_tables"].get<std::map<std::string, std::string>>();
  if (j.contains("rename_columns"))
    o.rename_columns = j["rename_columns"].get<std::map<std::string, std::string>>();
  if (j.contains("decide")) {
    bool yes = j["decide"].get<bool>();
    o.decide = [yes](const diff::RenameCandidate&) { return yes; };
  }
  return o;
}

std::string OpsText(const std::vector<ops::Op>& ops) {
  std::string out;
  for (const auto& op : ops)
    out += ops::Describe(op) + (ops::IsDestructive(op) ? "  [destructive]" : "") + "\n";
  return out;
}

nlohmann::ordered_json Expressible(schema::Schema s) {
  for (auto& t : s.tables) {
    t.junction = false;
    for (auto& c : t.columns) c.backfill.reset();
  }
  schema::Canonicalize(s);
  return schema::ToJson(s);
}

std::string Replay(const std::vector<ops::Op>& file_ops, schema::Schema& state) {
  for (ops::Op op : file_ops) {
    Status st = ops::Resolve(op, state);
    if (st.ok()) st = ops::Apply(op, state);
    if (!st.ok()) return ops::Describe(op) + ": " + st.error().message;
  }
  schema::Canonicalize(state);
  return "";
}

TEST(DiffScenarios, EveryCaseMatchesItsGoldensAndReplays) {
  auto cases = Cases();
  ASSERT_GE(cases.size(), 18u);
  for (const auto& name : cases) {
    SCOPED_TRACE(name);
    fs::path dir = alab::testing::SourceDir() / "testdata/diff";
    auto j = nlohmann::json::parse(alab::testing::ReadText(dir / (name + ".json")));
    schema::Schema from = *schema::SchemaFromJson(j["from"]), to = *schema::SchemaFromJson(j["to"]);
    diff::ChosenRenames chosen;
    MigrationSpec spec;
    spec.revision = "002";
    spec.down_revisions = {"001"};
    spec.description = ReplaceAll(name, "_", " ");
    spec.up = diff::Diff(from, to, Options(j.value("options", nlohmann::json::object())), &chosen);
    spec.down = InverseOps(spec.up);
    spec.rename_tables = chosen.tables;
    spec.rename_columns = chosen.columns;
    EXPECT_EQ(alab::testing::CompareGolden(dir / (name + ".ops"), OpsText(spec.up)), "");
    std::string text = WriteMigration(spec);
    EXPECT_EQ(alab::testing::CompareGolden(dir / (name + ".js"), text), "");
    diag::DiagnosticSink diags;
    migration::Migration m =
        migration::LoadMigrationText("migrations/002_" + name + ".js", text, diags);
    ASSERT_FALSE(diags.has_errors()) << diags.Render();
    schema::Schema state = from;
    EXPECT_EQ(Replay(m.up, state), "");
    EXPECT_EQ(Expressible(state).dump(1), Expressible(to).dump(1));
    EXPECT_EQ(Replay(m.down, state), "");
    EXPECT_EQ(Expressible(state).dump(1), Expressible(from).dump(1));
  }
}

}  // namespace
}  // namespace alab::codegen
