// End-to-end tests of `alab export` and `alab types` through the built binary.
#include <gtest/gtest.h>

#include "export/export.h"
#include "export/export_test_util.h"
#include "test_support.h"

namespace alab::exports {
namespace {

using testing::RunAlab;
using testing::SourceDir;
using testing::TempDir;

std::string FixturePath(const std::string& name) {
  return (SourceDir() / "testdata/export" / (name + ".schema.json")).string();
}

TEST(ExportCli, AllTargetsWriteTheExporterFiles) {
  TempDir dir;
  auto r = RunAlab({"export", "-f", "all", "--schema-json", FixturePath("demo"), "--dir", "out"},
                   dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto schema = testutil::LoadFixture("demo");
  int files = 0;
  for (auto t : AllTargets())
    for (const auto& f : Export(schema, t)) {
      EXPECT_EQ(dir.Read("out/" + f.path), f.content) << f.path;
      EXPECT_NE(r.out.find("out/" + f.path), std::string::npos) << r.out;
      ++files;
    }
  EXPECT_EQ(files, 8);
}

TEST(ExportCli, ExportsAProjectsSchemaFiles) {
  TempDir dir;
  std::filesystem::copy(SourceDir() / "testdata/export/project", dir.path(),
                        std::filesystem::copy_options::recursive);
  auto r = RunAlab({"export", "-f", "all"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto schema = testutil::LoadFixture("project");
  ASSERT_FALSE(schema.tables.empty());
  for (auto t : AllTargets())
    for (const auto& f : Export(schema, t))
      EXPECT_EQ(dir.Read("exports/" + f.path), f.content) << f.path;
  auto types = RunAlab({"-C", dir.path().string(), "types", "--lang", "go"}, SourceDir());
  ASSERT_EQ(types.exit_code, 0) << types.err;
  EXPECT_EQ(types.out, Export(schema, Target::kGo)[0].content);
}

// --openapi-version 3.0, --no-paths and alab.yaml's openapi.servers reach the OpenAPI export.
TEST(ExportCli, OpenApiVersionPathsAndServersFromTheConfig) {
  TempDir dir;
  std::filesystem::copy(SourceDir() / "testdata/export/project", dir.path(),
                        std::filesystem::copy_options::recursive);
  std::string yaml = dir.Read("alab.yaml");
  dir.Write("alab.yaml", yaml +
                             "openapi:\n  servers:\n    - url: https://api.example.org\n      "
                             "description: Production\n");
  auto schema = testutil::LoadFixture("project");
  Options o;
  o.openapi_servers = {{"https://api.example.org", "Production"}};
  for (const char* version : {"3.0", "3.1"}) {
    for (bool paths : {true, false}) {
      std::vector<std::string> args = {"export", "-f", "openapi", "--stdout", "--openapi-version",
                                       version};
      if (!paths) args.push_back("--no-paths");
      auto r = RunAlab(args, dir.path());
      ASSERT_EQ(r.exit_code, 0) << r.err;
      o.openapi_version = version;
      o.openapi_paths = paths;
      EXPECT_EQ(r.out, Export(schema, Target::kOpenApi, o)[0].content) << version << " " << paths;
      EXPECT_NE(r.out.find(std::string("\"openapi\": \"") +
                           (version == std::string("3.0") ? "3.0.3" : "3.1.0")),
                std::string::npos);
      EXPECT_NE(r.out.find("\"url\": \"https://api.example.org\""), std::string::npos)
          << r.out.substr(0, 800);
      EXPECT_EQ(r.out.find("\"operationId\"") != std::string::npos, paths);
    }
  }
  auto bad =
      RunAlab({"export", "-f", "openapi", "--stdout", "--openapi-version", "2.0"}, dir.path());
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("--openapi-version must be 3.0 or 3.1"), std::string::npos) << bad.err;
}

TEST(ExportCli, ValidatorFlagWritesTheTypeScriptValidators) {
  TempDir dir;
  auto r = RunAlab(
      {"export", "-f", "ts", "--validator", "--schema-json", FixturePath("demo"), "--dir", "out"},
      dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Options o;
  o.ts_validator = true;
  std::string want = Export(testutil::LoadFixture("demo"), Target::kTypeScript, o)[0].content;
  EXPECT_EQ(dir.Read("out/ts/types.ts"), want);
  EXPECT_NE(want.find("export function isAuthUser(x: unknown): x is AuthUser {"), std::string::npos)
      << want;
  EXPECT_NE(want.find("export function parseAuthUser(x: unknown): AuthUser {"), std::string::npos)
      << want;
}

TEST(ExportCli, SchemaErrorsAreDiagnostics) {
  TempDir dir;
  dir.Write("schemas/app/thing.js",
            "export default table({\n  id: col.id(),\n  name: col.strng(),\n});\n");
  auto r = RunAlab({"export", "-f", "ts"}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("schemas/app/thing.js:3"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "exports"));
}

TEST(ExportCli, PythonStyleAndPerNamespace) {
  TempDir dir;
  auto r = RunAlab({"export", "-f", "python", "--python-style", "pydantic", "--per-namespace",
                    "--schema-json", FixturePath("demo")},
                   dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(dir.Read("exports/python/blog.py").find("class BlogPost(BaseModel):"),
            std::string::npos);
  EXPECT_NE(dir.Read("exports/python/auth.py").find("class AuthUser(BaseModel):"),
            std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir / "exports/python/default.py"));
}

TEST(ExportCli, TypesPrintsOneLanguageToStdout) {
  TempDir dir;
  auto r = RunAlab({"types", "--lang", "ts", "--schema-json", FixturePath("demo")}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, Export(testutil::LoadFixture("demo"), Target::kTypeScript)[0].content);
  EXPECT_FALSE(std::filesystem::exists(dir / "exports"));
}

TEST(ExportCli, StdoutWithSeveralFilesNamesEach) {
  TempDir dir;
  auto r = RunAlab(
      {"export", "-f", "go", "--per-namespace", "--stdout", "--schema-json", FixturePath("demo")},
      dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("==> go/auth/models.go <=="), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("package blog"), std::string::npos);
}

TEST(ExportCli, UnknownFormatIsAUsageError) {
  TempDir dir;
  auto r = RunAlab({"export", "-f", "cobol", "--schema-json", FixturePath("demo")}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown export format 'cobol'"), std::string::npos) << r.err;
  auto t = RunAlab({"types", "--lang", "python", "--python-style", "attrs", "--schema-json",
                    FixturePath("demo")},
                   dir.path());
  EXPECT_EQ(t.exit_code, 2) << t.err;
}

TEST(ExportCli, MissingSchemaJsonIsAnIoError) {
  TempDir dir;
  auto r = RunAlab({"export", "-f", "ts", "--schema-json", "nope.json"}, dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("nope.json"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace alab::exports
