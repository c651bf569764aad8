// Golden tests: testdata/schema/<case>/schemas/** -> expected.json (the IR dump) and
// expected_diagnostics.txt (warnings/errors, GCC-style, exact text); and the bad-input
// corpus testdata/bad_input/<case>/ -> expected.txt, each run on a copy that must stay
// byte-for-byte unchanged.
#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "migration/load.h"
#include "schema/project.h"
#include "test_support.h"

namespace alab::schema {
namespace {

namespace fs = std::filesystem;
using testing::CompareGolden;
using testing::SourceDir;
using testing::TempDir;

std::vector<fs::path> CaseDirs(const std::string& under) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(SourceDir() / "testdata" / under))
    if (e.is_directory()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// Every file under dir with its content.
std::map<std::string, std::string> Snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    std::string rel = e.path().lexically_relative(dir).string();
    out[rel] = e.is_regular_file() ? testing::ReadText(e.path()) : "<dir>";
  }
  return out;
}

TEST(SchemaGoldenTest, Cases) {
  auto cases = CaseDirs("schema");
  ASSERT_GE(cases.size(), 3u);
  for (const auto& dir : cases) {
    SCOPED_TRACE(dir.filename().string());
    LoadResult r = LoadSchemas(dir, dir / "schemas");
    std::string diags = r.diags.Render();
    if (fs::exists(dir / "expected.json")) {
      EXPECT_TRUE(r.ok()) << diags;
      std::string dump = ToJson(r.schema).dump(2) + "\n";
      std::string diff = CompareGolden(dir / "expected.json", dump);
      EXPECT_EQ(diff, "") << diff;
      // The dump reads back into the same schema.
      EXPECT_TRUE(SameDatabaseShape(*SchemaFromJson(nlohmann::json::parse(dump)), r.schema));
    } else {
      EXPECT_FALSE(r.ok()) << "an error case must fail";
    }
    if (fs::exists(dir / "expected_diagnostics.txt") || !diags.empty()) {
      std::string diff = CompareGolden(dir / "expected_diagnostics.txt", diags);
      EXPECT_EQ(diff, "") << diff;
    }
  }
}

std::string RunBadInput(const fs::path& project) {
  std::string out;
  if (fs::exists(project / "schemas")) {
    LoadOptions o;
    o.time_limit_seconds = 0.5;
    LoadResult r = LoadSchemas(project, project / "schemas", o);
    EXPECT_FALSE(r.ok()) << "no error reported";
    out += r.diags.Render();
  }
  if (fs::exists(project / "migrations")) {
    auto r = migration::LoadMigrations(project, project / "migrations", 0.5);
    EXPECT_FALSE(r.ok()) << "no error reported";
    out += r.diags.Render();
  }
  return out;
}

TEST(BadInputTest, Corpus) {
  auto cases = CaseDirs("bad_input");
  EXPECT_GE(cases.size(), 30u);
  for (const auto& dir : cases) {
    SCOPED_TRACE(dir.filename().string());
    TempDir tmp;
    for (const char* sub : {"schemas", "migrations"})
      if (fs::exists(dir / sub)) fs::copy(dir / sub, tmp.path() / sub, fs::copy_options::recursive);
    auto before = Snapshot(tmp.path());
    std::string out = RunBadInput(tmp.path());
    EXPECT_EQ(Snapshot(tmp.path()), before) << "evaluation wrote files";
    std::string diff = CompareGolden(dir / "expected.txt", out);
    EXPECT_EQ(diff, "") << diff;
  }
}

TEST(BadInputTest, TenMegabyteFile) {
  TempDir tmp;
  std::string big =
      "export default table({ id: col.id() });\n// " + std::string(10 * 1024 * 1024, 'x') + "\n";
  tmp.Write("schemas/app/big.js", big);
  tmp.Write("schemas/app/fine.js", "export default table({ id: col.id() });\n");
  auto before = Snapshot(tmp.path());
  LoadResult r = LoadSchemas(tmp.path(), tmp.path() / "schemas");
  EXPECT_EQ(r.diags.Render(),
            "schemas/app/big.js: error: file is too large (10 MB; the limit is 1 MB)\n");
  EXPECT_NE(r.schema.Find("app.fine"), nullptr);  // the other files are still loaded
  EXPECT_EQ(Snapshot(tmp.path()), before);
}

TEST(SchemaLoadBenchmark, ThousandTables) {
  TempDir tmp;
  for (int i = 0; i < 1000; ++i) {
    std::string ns = fmt::format("ns{}", i % 10);
    std::string ref = i == 0 ? "" : fmt::format("ns{}.t{}", (i - 1) % 10, i - 1);
    std::string text = fmt::format(
        "// table {}\nexport default table({{\n  id: col.id(),\n  name: col.name(),\n  email: "
        "col.email().unique(),\n"
        "  status: col.enum([\"active\", \"disabled\"]).default(\"active\"),\n  score: "
        "col.integer().default(0),\n"
        "  price: col.money(),\n  body: col.text().optional(),\n  flag: col.flag(),\n  data: "
        "col.json().optional(),\n"
        "{}}}).timestamps().index(\"name\", \"status\");\n",
        i, ref.empty() ? "" : fmt::format("  parent: col.belongs_to(\"{}\").optional(),\n", ref));
    tmp.Write(fmt::format("schemas/{}/t{}.js", ns, i), text);
  }
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  LoadResult r = LoadSchemas(tmp.path(), tmp.path() / "schemas");
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(r.ok()) << r.diags.Render();
  EXPECT_EQ(r.schema.tables.size(), 1000u);
  std::printf(
      "[ bench    ] LoadSchemas: 1000 table files evaluated + validated in %.3f s (%.3f s CPU)\n",
      s, cpu);
}

}  // namespace
}  // namespace alab::schema
