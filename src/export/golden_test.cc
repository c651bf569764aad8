// Golden tests: every target on the demo schema (auth + blog) and on a schema that uses every
// type, modifier and relationship kind. ALAB_UPDATE_GOLDEN=1 rewrites the expectations.
#include <fstream>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "export/export.h"
#include "export/export_test_util.h"
#include "export/naming.h"
#include "test_support.h"

namespace alab::exports {
namespace {

using testing::CompareGolden;
using testing::SourceDir;

std::filesystem::path GoldenDir(const std::string& fixture, const std::string& variant) {
  return SourceDir() / "testdata/export/golden" /
         (variant.empty() ? fixture : fixture + "-" + variant);
}

void ExpectGolden(const std::string& fixture, const std::string& variant, Target target,
                  const Options& options) {
  auto schema = testutil::LoadFixture(fixture);
  Files files = Export(schema, target, options);
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) {
    std::string diff = CompareGolden(GoldenDir(fixture, variant) / f.path, f.content);
    EXPECT_TRUE(diff.empty()) << diff;
  }
}

class GoldenTest : public ::testing::TestWithParam<std::tuple<std::string, Target>> {};

TEST_P(GoldenTest, MatchesGolden) {
  auto [fixture, target] = GetParam();
  ExpectGolden(fixture, "", target, {});
}

INSTANTIATE_TEST_SUITE_P(AllTargets, GoldenTest,
                         ::testing::Combine(::testing::Values("demo", "everything", "project"),
                                            ::testing::ValuesIn(AllTargets())),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "_" +
                                  TargetName(std::get<1>(info.param));
                         });

TEST(ExportGolden, PydanticStyle) {
  Options o;
  o.python_style = PythonStyle::kPydantic;
  ExpectGolden("demo", "pydantic", Target::kPython, o);
  ExpectGolden("everything", "pydantic", Target::kPython, o);
  ExpectGolden("project", "pydantic", Target::kPython, o);
}

// OpenAPI 3.0.3 (--openapi-version 3.0): nullable: true, format: byte; and --no-paths.
TEST(ExportGolden, OpenApi30) {
  Options o;
  o.openapi_version = "3.0";
  for (const char* fixture : {"demo", "everything", "project"})
    ExpectGolden(fixture, "oas30", Target::kOpenApi, o);
}

TEST(ExportGolden, OpenApiServersWithoutPaths) {
  Options o;
  o.openapi_paths = false;
  o.openapi_servers = {{"https://api.example.org/v1", "Production"}, {"http://localhost:8080", ""}};
  ExpectGolden("demo", "no-paths", Target::kOpenApi, o);
}

TEST(ExportGolden, PerNamespace) {
  Options o;
  o.per_namespace = true;
  for (auto t : {Target::kTypeScript, Target::kGo, Target::kRust, Target::kPython})
    ExpectGolden("demo", "per-namespace", t, o);
}

TEST(Export, DeterministicAndIndependentOfInputOrder) {
  auto schema = testutil::LoadFixture("everything");
  auto reversed_json = schema::ToJson(schema, /*with_locations=*/true);
  std::reverse(reversed_json["tables"].begin(), reversed_json["tables"].end());
  for (auto& t : reversed_json["tables"]) std::reverse(t["columns"].begin(), t["columns"].end());
  auto reversed = *schema::SchemaFromJson(nlohmann::json::parse(reversed_json.dump()));
  for (auto target : AllTargets()) {
    auto a = Export(schema, target);
    auto b = Export(schema, target);
    auto c = Export(reversed, target);
    ASSERT_EQ(a.size(), b.size());
    ASSERT_EQ(a.size(), c.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].content, b[i].content) << a[i].path;
      EXPECT_EQ(a[i].content, c[i].content) << a[i].path;
    }
  }
}

// A JSON Schema enum keeps its name when another table gains an enum column of the same
// name (quicktype names inline enums by collision; named $defs do not move).
TEST(Export, JsonSchemaEnumNamesDoNotDependOnOtherTables) {
  auto schema = testutil::LoadFixture("demo");
  auto before = nlohmann::json::parse(Export(schema, Target::kJsonSchema).front().content);
  schema::Table extra;
  extra.ns = "zoo";
  extra.name = "animal";
  schema::Column id;
  id.name = "id";
  id.type = schema::Type::kUuid;
  id.primary_key = true;
  schema::Column status;
  status.name = "status";
  status.type = schema::Type::kEnum;
  status.enum_values = {"awake", "asleep"};
  extra.columns = {id, status};
  schema.tables.push_back(extra);
  auto after = nlohmann::json::parse(Export(schema, Target::kJsonSchema).front().content);
  for (const auto& [name, def] : before["$defs"].items()) {
    if (!def.contains("enum")) continue;
    ASSERT_TRUE(after["$defs"].contains(name)) << name;
    EXPECT_EQ(after["$defs"][name], def) << name;
  }
  EXPECT_TRUE(after["properties"].contains("zoo_animal"));
  EXPECT_EQ(after["properties"]["zoo_animal"]["items"]["$ref"], "#/$defs/ZooAnimal");
  EXPECT_EQ(after["$defs"]["ZooAnimal"]["properties"]["status"]["$ref"], "#/$defs/ZooAnimalStatus");
}

// The specs accept exactly the wire format (README, "Wire format"): a decimal has exactly the
// column's scale and at most precision - scale integer digits, datetimes end in Z, base64 is
// padded standard base64, integer is 32-bit, and a belongs_to_any `_type` column is the enum
// of its tables' SQL names (also the TypeScript union).
TEST(Export, SpecsAcceptExactlyTheWireFormat) {
  auto schema = testutil::LoadFixture("everything");
  auto doc = nlohmann::json::parse(Export(schema, Target::kJsonSchema).front().content);
  auto oas = nlohmann::json::parse(Export(schema, Target::kOpenApi).front().content);
  bool saw_decimal = false, saw_poly = false;
  for (const auto& t : schema.tables) {
    const auto& props = doc["$defs"][TypeNames(schema).Table(t)]["properties"];
    const auto& oprops = oas["components"]["schemas"][TypeNames(schema).Table(t)]["properties"];
    for (const auto& c : t.columns) {
      SCOPED_TRACE(t.Ref() + "." + c.name);
      const auto& p = props[c.name];
      if (c.type == schema::Type::kDecimal && c.pattern.empty()) {
        saw_decimal = true;
        std::regex re(p["pattern"].get<std::string>());
        std::string whole(static_cast<size_t>(c.precision - c.scale), '9');
        std::string frac(static_cast<size_t>(c.scale), '9');
        std::string widest = whole + (c.scale ? "." + frac : "");
        EXPECT_TRUE(std::regex_search(widest, re)) << widest << " " << p.dump();
        EXPECT_TRUE(std::regex_search("-" + widest, re)) << p.dump();
        EXPECT_FALSE(std::regex_search("1" + widest, re))
            << "too many digits accepted " << p.dump();
        if (c.scale > 0) {
          EXPECT_FALSE(std::regex_search("1." + frac + "0", re)) << p.dump();
          EXPECT_FALSE(std::regex_search("." + frac, re)) << p.dump();
          EXPECT_FALSE(std::regex_search("1", re)) << "scale not enforced " << p.dump();
        }
        EXPECT_FALSE(std::regex_search("1e5", re));
        EXPECT_FALSE(std::regex_search("+1", re));
      }
      if (c.type == schema::Type::kDatetime) {
        std::regex re(p["pattern"].get<std::string>());
        EXPECT_TRUE(std::regex_search(std::string("2026-12-02T06:09:42.123456Z"), re));
        EXPECT_FALSE(std::regex_search(std::string("2026-12-02 06:09:42"), re))
            << "SQLite's text accepted";
        EXPECT_FALSE(std::regex_search(std::string("2026-12-02T06:09:42+01:00"), re));
      }
      if (c.type == schema::Type::kBase64) {
        EXPECT_EQ(p["contentEncoding"], "base64");
        std::regex re(p["pattern"].get<std::string>());
        EXPECT_TRUE(std::regex_search(std::string("AAD/"), re));
        EXPECT_TRUE(std::regex_search(std::string("AA=="), re));
        EXPECT_FALSE(std::regex_search(std::string("\\x00ff"), re))
            << "PostgreSQL's hex text accepted";
        EXPECT_FALSE(std::regex_search(std::string("AA"), re)) << "unpadded accepted";
      }
      if (c.type == schema::Type::kInteger) {
        EXPECT_EQ(oprops[c.name]["format"], "int32");
        if (!c.max) {
          EXPECT_EQ(p["maximum"], 2147483647LL);
        }
      }
      auto kinds = PolymorphicTypeValues(schema, t, c);
      if (!kinds.empty()) {
        saw_poly = true;
        nlohmann::json want = kinds;
        if (c.nullable) want.push_back(nullptr);
        EXPECT_EQ(p["enum"], want);
        EXPECT_EQ(oprops[c.name]["enum"], want);
      }
    }
  }
  EXPECT_TRUE(saw_decimal);
  ASSERT_TRUE(saw_poly);
  std::string ts = Export(schema, Target::kTypeScript).front().content;
  EXPECT_NE(ts.find("target_type: \"kitchen_owner\" | \"kitchen_profile\""), std::string::npos)
      << ts;
  std::string go = Export(schema, Target::kGo).front().content;
  EXPECT_NE(
      go.find("KitchenItemTargetTypeKitchenOwner   KitchenItemTargetType = \"kitchen_owner\""),
      std::string::npos)
      << go;
  EXPECT_NE(go.find("TargetType *KitchenItemTargetType `json:\"target_type\""), std::string::npos)
      << go;
  std::string rs = Export(schema, Target::kRust).front().content;
  EXPECT_NE(rs.find("pub target_type: Option<KitchenItemTargetType>,"), std::string::npos) << rs;
  std::string py = Export(schema, Target::kPython).front().content;
  EXPECT_NE(py.find("target_type: _t.Optional[_t.Literal[\"kitchen_owner\", \"kitchen_profile\"]]"),
            std::string::npos)
      << py;
}

TEST(Export, EveryFileHasTheGeneratedHeader) {
  auto schema = testutil::LoadFixture("demo");
  for (auto target : AllTargets())
    for (const auto& f : Export(schema, target)) {
      bool json = f.path.size() > 5 && f.path.substr(f.path.size() - 5) == ".json";
      EXPECT_NE(f.content.find(json ? "Generated by alab; do not edit."
                                    : "Code generated by alab. DO NOT EDIT."),
                std::string::npos)
          << f.path;
      EXPECT_NE(f.content.find("schemas/blog/post.js"), std::string::npos) << f.path;
    }
}

TEST(Export, TargetNames) {
  EXPECT_EQ(TargetFromName("typescript"), Target::kTypeScript);
  EXPECT_EQ(TargetFromName("ts"), Target::kTypeScript);
  EXPECT_EQ(TargetFromName("py"), Target::kPython);
  EXPECT_EQ(TargetFromName("gql"), Target::kGraphQl);
  EXPECT_FALSE(TargetFromName("cobol").has_value());
  for (auto t : AllTargets()) EXPECT_EQ(TargetFromName(TargetName(t)), t);
}

TEST(Export, EmptySchemaExportsOneFilePerTarget) {
  schema::Schema empty;
  for (auto target : AllTargets()) {
    auto files = Export(empty, target);
    ASSERT_EQ(files.size(), 1u) << TargetName(target);
    EXPECT_NE(files[0].content.find("no schema files recorded"), std::string::npos)
        << files[0].path;
  }
}

}  // namespace
}  // namespace alab::exports
