// Integration scenarios on real databases, one per testdata/runner/scenarios/*.txtar, on
// SQLite and PostgreSQL: apply the base migrations and seed rows -> apply the last
// migration -> the catalog matches what the migrations say (introspection) and the rows
// survived -> roll back -> the catalog equals the start and the rows survived -> re-apply
// -> the catalog equals the migrated one.
#include <gtest/gtest.h>

#include "dialect/registry.h"

#include <ostream>
#include <set>

#include <fmt/format.h>

#include "base/strings.h"
#include "dialect/compare.h"
#include "dialect/inspect.h"
#include "runner/runner_test_util.h"
#include "schema/ir.h"

namespace alab::runner {
namespace {

struct Scenario {
  std::string name;
  std::string dialect;
};

void PrintTo(const Scenario& s, std::ostream* os) { *os << s.dialect << "/" << s.name; }

// The lines of a that b lacks ("-") and of b that a lacks ("+"): enough to see an IR mismatch.
std::string LineDiff(const std::string& a, const std::string& b) {
  auto la = Split(a, '\n'), lb = Split(b, '\n');
  std::multiset<std::string> sa(la.begin(), la.end()), sb(lb.begin(), lb.end());
  std::string out;
  for (const auto& l : la) {
    if (auto it = sb.find(l); it != sb.end()) {
      sb.erase(it);
    } else {
      out += "- " + l + "\n";
    }
  }
  for (const auto& l : lb) {
    if (auto it = sa.find(l); it != sa.end()) {
      sa.erase(it);
    } else {
      out += "+ " + l + "\n";
    }
  }
  return out;
}

std::vector<Scenario> AllScenarios() {
  std::vector<Scenario> out;
  auto dir = testing::SourceDir() / "testdata/runner/scenarios";
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".txtar") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  for (const std::string& d : testing::TestDialectNames()) {
    for (const auto& n : names) out.push_back({n, d});
  }
  return out;
}

class RunnerScenarioTest : public ::testing::TestWithParam<Scenario> {};

std::vector<std::string> Statements(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& line : Split(text, '\n')) {
    std::string s = Trim(line);
    if (s.empty()) continue;
    if (EndsWith(s, ";")) s.pop_back();
    out.push_back(s);
  }
  return out;
}

TEST_P(RunnerScenarioTest, ApplyInspectRollbackKeepsRows) {
  const Scenario& sc = GetParam();
  if (testing::OnTestServer(sc.dialect)) ALAB_REQUIRE_PG();
  auto sections =
      testing::ParseTxtar(testing::ReadText(testing::SourceDir() / "testdata/runner/scenarios" /
                                            (sc.name + ".txtar")))
          .sections;
  ASSERT_FALSE(sections.empty());
  // The blank lines that separate one section from the next are not part of it.
  for (auto& [name, body] : sections)
    while (EndsWith(body, "\n\n")) body.pop_back();
  auto p = testkit::MakeProject(sc.dialect, sc.name);
  ASSERT_FALSE(p.cfg.url.empty());
  std::string seed, rows, rows_after;
  bool catalog_unchanged = false;  // data-only migrations (m.sql updates)
  for (const auto& [name, body] : sections) {
    if (EndsWith(name, ".js")) p.WriteMigration(name, body);
    // A seed per sql() key: a dialect reads the script written for its key.
    if (name == "seed.sql" || name == "seed." + dialect::GetDialect(sc.dialect).sql_key() + ".sql")
      seed = body;
    if (name == "rows.sql") rows = Trim(body);
    if (name == "rows_after.sql") rows_after = Trim(body);
    if (name == "catalog_unchanged") catalog_unchanged = true;
  }
  if (rows_after.empty()) rows_after = rows;
  auto plan = testkit::PlanOrDie(p.cfg);
  ASSERT_TRUE(plan);
  ASSERT_GE(plan->ordered.size(), 2u);
  const std::string before_last = plan->ordered[plan->ordered.size() - 2].migration->revision;
  testkit::Captured cap;

  MigrateOptions to_base;
  to_base.to = before_last;
  Status s = Migrate(p.cfg, *plan, to_base, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto conn = testkit::ConnectOrDie(p.cfg);
  ASSERT_TRUE(conn);
  for (const auto& stmt : Statements(seed)) ASSERT_TRUE(conn->Exec(stmt).ok()) << stmt;
  const std::string start_catalog = testkit::CatalogSnapshot(*conn);
  const std::string start_rows = testkit::RowsText(*conn, rows);
  ASSERT_FALSE(start_rows.empty());
  ASSERT_EQ(start_rows.find("ERROR"), std::string::npos) << start_rows;

  MigrateOptions all;
  all.confirm_destroy = true;
  s = Migrate(p.cfg, *plan, all, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  const std::string migrated_catalog = testkit::CatalogSnapshot(*conn);
  if (catalog_unchanged) {
    EXPECT_EQ(migrated_catalog, start_catalog);
  } else {
    EXPECT_NE(migrated_catalog, start_catalog) << "the migration changed nothing visible";
  }
  EXPECT_EQ(testkit::RowsText(*conn, rows_after), start_rows) << "rows after migrate";
  // The database's catalog read back into the IR matches what the migrations say.
  dialect::InspectOptions io;
  io.expected = &plan->final_schema;
  auto inspected = dialect::Inspect(*conn, io);
  ASSERT_TRUE(inspected.ok()) << inspected.error().message;
  // Semantic comparison, as drift detection does it (SQLite affinity, type spellings).
  auto diffs =
      dialect::CompareSchemas(dialect::GetDialect(sc.dialect), plan->final_schema, *inspected);
  std::string described;
  for (const auto& d : diffs) described += dialect::DescribeDifference(d) + "\n";
  EXPECT_TRUE(diffs.empty()) << described << "inspected (-) vs the migrations (+):\n"
                             << LineDiff(schema::ToJson(*inspected).dump(1),
                                         schema::ToJson(plan->final_schema).dump(1));

  RollbackOptions one;
  one.confirm_destroy = true;  // the scenarios roll back tables that hold rows
  s = Rollback(p.cfg, *plan, one, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(testkit::CatalogSnapshot(*conn), start_catalog) << "catalog after rollback";
  EXPECT_EQ(testkit::RowsText(*conn, rows), start_rows) << "rows after rollback";

  s = Migrate(p.cfg, *plan, all, cap.output());
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(testkit::CatalogSnapshot(*conn), migrated_catalog) << "catalog after re-applying";
  auto history = ReadHistory(*conn);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->size(), plan->ordered.size());
}

INSTANTIATE_TEST_SUITE_P(Runner, RunnerScenarioTest, ::testing::ValuesIn(AllScenarios()),
                         [](const ::testing::TestParamInfo<Scenario>& info) {
                           return info.param.dialect + "_" + info.param.name;
                         });

}  // namespace
}  // namespace alab::runner
