// Golden comparison with the original AstrolaDB's export of examples/basic
// (testdata/astroladb/basic/original_exports/): with --layout astroladb, every file a consumer
// of the original imports exists at the same path, with the same type names, field names, enum
// names and TYPES map. The differences kept on purpose are listed in README.md (compatibility).
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "export/export.h"
#include "schema/project.h"
#include "test_support.h"

namespace alab::exports {
namespace {

namespace fs = std::filesystem;

// Group 1 of `pattern` on each line of text (anchors are per line).
std::set<std::string> Matches(const std::string& text, const std::string& pattern) {
  std::set<std::string> out;
  std::regex re(pattern);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    for (auto it = std::sregex_iterator(line.begin(), line.end(), re); it != std::sregex_iterator();
         ++it)
      out.insert((*it)[1].str());
    start = end + 1;
  }
  return out;
}

// The names a consumer's code uses, per file kind: (what, pattern).
const std::map<std::string, std::vector<std::pair<std::string, std::string>>>& Surfaces() {
  static const std::map<std::string, std::vector<std::pair<std::string, std::string>>> k = {
      {"auth/types.ts",
       {{"type", R"(^export (?:interface|type) (\w+))"}, {"field", R"(^  (\w+)\??: )"}}},
      {"auth/types.go",
       {{"type", R"(^type (\w+) struct)"},
        {"field", R"(^\t([A-Z]\w*) +\S)"},
        {"json", R"re(json:"(\w+))re"}}},
      {"auth/types.py",
       {{"type", R"(^class (\w+)[:(])"},
        {"field", R"(^    ([a-z_]\w*): )"},
        {"member", R"(^    ([A-Z_]+) = )"}}},
      {"auth/types.rs",
       {{"type", R"(^pub (?:struct|enum) (\w+))"},
        {"field", R"(^    pub (\w+): )"},
        {"member", R"(^    ([A-Z]\w*),?$)"}}},
      {"schema.graphql",
       {{"type", R"(^(?:type|enum) (\w+))"},
        {"field", R"(^  (\w+): )"},
        {"member", R"(^  ([A-Z_]+)$)"}}},
  };
  return k;
}

TEST(AstroladbLayout, BasicExampleKeepsTheOriginalsNames) {
  const fs::path corpus = testing::SourceDir() / "testdata" / "astroladb" / "basic";
  testing::TempDir dir;
  fs::create_directories(dir.path() / "schemas" / "auth");
  fs::copy_file(corpus / "schemas" / "auth" / "user.js",
                dir.path() / "schemas" / "auth" / "user.js");
  auto loaded = schema::LoadSchemas(dir.path(), dir.path() / "schemas");
  ASSERT_TRUE(loaded.ok()) << loaded.diags.Render();

  Options options;
  options.per_namespace = true;
  options.go_initialisms = false;
  Files all;
  for (Target t : AllTargets()) {
    Files f = Export(loaded.schema, t, options);
    all.insert(all.end(), f.begin(), f.end());
  }
  Files files = AstroladbLayout(loaded.schema, all);
  std::map<std::string, std::string> by_path;
  std::string dump;
  for (const auto& f : files) {
    by_path[f.path] = f.content;
    dump += "-- " + f.path + " --\n" + f.content;
  }
  EXPECT_TRUE(by_path.count("openapi.json")) << dump;
  for (const auto& [path, surfaces] : Surfaces()) {
    SCOPED_TRACE(path);
    ASSERT_TRUE(by_path.count(path)) << "alab writes no " << path;
    std::string original = testing::ReadText(corpus / "original_exports" / path);
    // The original's GraphQL Query (authUser: AuthUser) differs on purpose: see README.md.
    if (size_t q = original.find("\ntype Query"); q != std::string::npos) original.resize(q + 1);
    for (const auto& [what, pattern] : surfaces) {
      std::set<std::string> want = Matches(original, pattern),
                            got = Matches(by_path[path], pattern);
      ASSERT_FALSE(want.empty()) << what << " pattern finds nothing in the original";
      for (const auto& name : want)
        EXPECT_TRUE(got.count(name)) << what << " '" << name << "' is missing";
    }
    if (path != "schema.graphql") {
      EXPECT_NE(by_path[path].find("TYPES"), std::string::npos) << "no TYPES map";
    }
  }
  // The whole layout, byte for byte (deterministic; ALAB_UPDATE_GOLDEN=1 rewrites it).
  std::string diff = testing::CompareGolden(
      testing::SourceDir() / "testdata" / "export" / "astroladb_basic.txt", dump);
  EXPECT_EQ(diff, "") << diff;
}

// sort_by("-col") is descending; relationship keys are their columns (testdata/schema/
// relationship_keys). Both reach the OpenAPI metadata.
TEST(AstroladbLayout, SortByDirectionAndRelationshipKeysReachOpenApi) {
  const fs::path project = testing::SourceDir() / "testdata" / "schema" / "relationship_keys";
  auto loaded = schema::LoadSchemas(project, project / "schemas");
  ASSERT_TRUE(loaded.ok()) << loaded.diags.Render();
  Files f = Export(loaded.schema, Target::kOpenApi);
  ASSERT_EQ(f.size(), 1u);
  auto doc = nlohmann::json::parse(f[0].content);
  const auto& item = doc["components"]["schemas"]["ShopOrderItem"];
  EXPECT_EQ(item["x-alab-sort-by"],
            nlohmann::json::parse(R"(["-created_at", "order_id", "-quantity"])"))
      << item.dump(2);
  EXPECT_EQ(item["x-alab-searchable"], nlohmann::json::parse(R"(["product_id"])"));
  EXPECT_EQ(item["x-alab-filterable"], nlohmann::json::parse(R"(["order_id", "subject_type"])"));
}

// A project without the layout keeps alab's own file names.
TEST(AstroladbLayout, OtherFilesKeepTheirPaths) {
  schema::Schema s;
  Files files = AstroladbLayout(s, {{"mermaid/schema.mmd", "x"}, {"jsonschema/schema.json", "{}"}});
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path, "jsonschema/schema.json");
  EXPECT_EQ(files[1].path, "mermaid/schema.mmd");
}

}  // namespace
}  // namespace alab::exports
