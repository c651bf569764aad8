// quicktype (pinned in tests/toolchains) turns the JSON Schema export into Java, C#, Go, C++
// and Kotlin with one command per language (the commands README shows), and the output
// compiles with Debian's compilers. One test per language, compile only. A missing tool fails
// under CI=true.
#include <algorithm>

#include <gtest/gtest.h>

#include "base/strings.h"
#include "export/export.h"
#include "export/export_test_util.h"
#include "export/naming.h"
#include "test_support.h"

namespace alab::exports {
namespace {

using testing::TempDir;
using testutil::FindTool;
using testutil::LoadFixture;
using testutil::NodeTool;
using testutil::RunCommand;
using testutil::Show;
using testutil::WriteText;

namespace fs = std::filesystem;

// The fixture with every type, modifier and relationship kind; its hostile documentation
// keeps everything but "*/": quicktype copies descriptions into block comments unescaped
// (Java, Kotlin), so a description holding "*/" ends the comment early.
schema::Schema EveryType() {
  auto s = LoadFixture("everything");
  auto clean = [](std::string& text) { text = ReplaceAll(text, "*/", "* /"); };
  for (auto& t : s.tables) {
    clean(t.docs);
    if (t.deprecated) clean(*t.deprecated);
    for (auto& c : t.columns) {
      clean(c.docs);
      if (c.deprecated) clean(*c.deprecated);
    }
  }
  return s;
}

// Writes the JSON Schema export to dir/schema.json and runs
// `quicktype -s schema schema.json -l <lang> <options> -o <out>`; returns the generated text
// (every file quicktype wrote under out's folder) after checking that it names every table.
std::string Quicktype(const fs::path& dir, const std::string& lang,
                      const std::vector<std::string>& options, const fs::path& out) {
  auto schema = EveryType();
  WriteText(dir / "schema.json", ExportJsonSchema(schema, {})[0].content);
  std::vector<std::string> argv{*NodeTool("quicktype"), "-s", "schema", "schema.json", "-l", lang};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.push_back("-o");
  argv.push_back(out.string());
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  auto r = RunCommand(argv, dir);
  EXPECT_EQ(r.exit_code, 0) << Show(r);
  std::string code;
  for (const auto& e : fs::directory_iterator(out.parent_path()))
    if (e.is_regular_file()) code += testing::ReadText(e.path());
  EXPECT_FALSE(code.empty());
  TypeNames names(schema);
  for (const auto& t : schema.tables)
    EXPECT_NE(code.find(names.Table(t)), std::string::npos) << lang << ": no " << names.Table(t);
  return code;
}

std::vector<fs::path> FilesIn(const fs::path& dir, const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

constexpr const char* kJackson[] = {"/usr/share/java/jackson-databind.jar",
                                    "/usr/share/java/jackson-core.jar",
                                    "/usr/share/java/jackson-annotations.jar"};

bool JacksonInstalled() {
  for (const char* jar : kJackson)
    if (!fs::exists(jar)) return false;
  return true;
}

// quicktype -s schema schema.json -l java --package models -o java/Database.java: one file per
// type with Jackson annotations, compiled against Debian's Jackson.
TEST(Toolchain, QuicktypeJavaCompilesWithJackson) {
  ALAB_REQUIRE_TOOL(NodeTool("quicktype"), "quicktype (npm ci --prefix tests/toolchains)");
  auto javac = FindTool("javac");
  ALAB_REQUIRE_TOOL(javac, "javac (Debian package default-jdk-headless)");
  ALAB_REQUIRE_TOOL(JacksonInstalled(),
                    "Jackson (libjackson2-databind-java, -core-java, -annotations-java)");
  TempDir dir;
  std::string code =
      Quicktype(dir.path(), "java", {"--package", "models"}, dir / "java/Database.java");
  EXPECT_NE(code.find("@JsonProperty(\"a_base64\")"), std::string::npos)
      << "Jackson annotations expected";
  // Converter.java (quicktype's JSON helper) is left out: its toJsonString declares only
  // JsonProcessingException, while Debian's jackson-databind 2.14 declares writeValueAsString
  // to throw IOException too, so javac refuses that one method. The types compile.
  std::vector<std::string> argv{
      *javac, "-nowarn",
      "-d",   (dir / "classes").string(),
      "-cp",  std::string(kJackson[0]) + ":" + kJackson[1] + ":" + kJackson[2]};
  size_t sources = 0;
  for (const auto& f : FilesIn(dir / "java", ".java")) {
    if (f.filename() == "Converter.java") continue;
    argv.push_back(f.string());
    ++sources;
  }
  EXPECT_GE(sources, EveryType().tables.size());
  auto r = RunCommand(argv, dir.path());
  ASSERT_EQ(r.exit_code, 0) << Show(r);
  EXPECT_TRUE(fs::exists(dir / "classes/models/KitchenSink.class"));
}

// quicktype -s schema schema.json -l csharp --framework NewtonSoft --namespace Models
//   --top-level Database -o Models.cs (Newtonsoft.Json: Debian packages it for Mono).
TEST(Toolchain, QuicktypeCSharpCompilesWithNewtonsoft) {
  ALAB_REQUIRE_TOOL(NodeTool("quicktype"), "quicktype (npm ci --prefix tests/toolchains)");
  auto mcs = FindTool("mcs");
  ALAB_REQUIRE_TOOL(mcs, "mcs (Debian package mono-mcs)");
  ALAB_REQUIRE_TOOL(fs::exists("/usr/lib/pkgconfig/newtonsoft-json.pc") ||
                        fs::exists("/usr/share/pkgconfig/newtonsoft-json.pc"),
                    "Newtonsoft.Json (Debian package libnewtonsoft-json-cil-dev)");
  TempDir dir;
  std::string code =
      Quicktype(dir.path(), "csharp",
                {"--framework", "NewtonSoft", "--namespace", "Models", "--top-level", "Database"},
                dir / "cs/Models.cs");
  EXPECT_NE(code.find("[JsonProperty(\"a_base64\""), std::string::npos);
  auto r = RunCommand(
      {*mcs, "-target:library", "-pkg:newtonsoft-json", "-r:System.Runtime.Serialization.dll",
       "-out:" + (dir / "Models.dll").string(), (dir / "cs/Models.cs").string()},
      dir.path());
  ASSERT_EQ(r.exit_code, 0) << Show(r);
  EXPECT_TRUE(fs::exists(dir / "Models.dll"));
}

// quicktype -s schema schema.json -l go --package models --top-level Database -o models.go
TEST(Toolchain, QuicktypeGoVets) {
  ALAB_REQUIRE_TOOL(NodeTool("quicktype"), "quicktype (npm ci --prefix tests/toolchains)");
  auto go = FindTool("go", {"/usr/lib/go/bin"});
  ALAB_REQUIRE_TOOL(go, "go (Debian package golang-go)");
  TempDir dir;
  std::string code = Quicktype(dir.path(), "go", {"--package", "models", "--top-level", "Database"},
                               dir / "go/models.go");
  EXPECT_NE(code.find("`json:\"a_base64\""), std::string::npos);
  WriteText(dir / "go/go.mod", "module example.com/models\n\ngo 1.19\n");
  std::vector<std::string> env{"GOFLAGS=-mod=mod",
                               "GOPROXY=off",
                               "GO111MODULE=on",
                               "GOTOOLCHAIN=local",
                               "GOCACHE=" + (dir / ".gocache").string(),
                               "GOPATH=" + (dir / ".gopath").string()};
  if (const char* cache = std::getenv("ALAB_GOCACHE")) env[4] = std::string("GOCACHE=") + cache;
  auto r = RunCommand({*go, "vet", "./..."}, dir / "go", env);
  ASSERT_EQ(r.exit_code, 0) << Show(r);
}

// quicktype -s schema schema.json -l c++ --namespace models --top-level Database --no-boost
//   --include-location global-include -o Models.hpp (nlohmann/json.hpp, C++17 std::optional).
TEST(Toolchain, QuicktypeCppCompilesWithNlohmannJson) {
  ALAB_REQUIRE_TOOL(NodeTool("quicktype"), "quicktype (npm ci --prefix tests/toolchains)");
  auto gxx = FindTool("g++");
  ALAB_REQUIRE_TOOL(gxx, "g++");
  ALAB_REQUIRE_TOOL(fs::exists("/usr/include/nlohmann/json.hpp"),
                    "nlohmann/json.hpp (nlohmann-json3-dev)");
  TempDir dir;
  std::string code = Quicktype(dir.path(), "c++",
                               {"--namespace", "models", "--top-level", "Database", "--no-boost",
                                "--include-location", "global-include"},
                               dir / "cpp/Models.hpp");
  EXPECT_NE(code.find("\"a_base64\""), std::string::npos);
  // The conversions are templates: using them in both directions instantiates them.
  WriteText(dir / "main.cc",
            "#include \"cpp/Models.hpp\"\n"
            "int main(int argc, char** argv) {\n"
            "  if (argc < 2) return 0;\n"
            "  models::Database db = nlohmann::json::parse(argv[1]);\n"
            "  nlohmann::json back = db;\n"
            "  return back.is_object() ? 0 : 1;\n"
            "}\n");
  auto r = RunCommand({*gxx, "-std=c++17", "-fsyntax-only", "main.cc"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << Show(r);
}

// quicktype -s schema schema.json -l kotlin --framework just-types --package models
//   --top-level Database -o Models.kt. Debian packages kotlinc (kotlin 1.3.31) but none of the
// JSON libraries quicktype's Kotlin targets (jackson-module-kotlin, Klaxon, kotlinx.serialization),
// so the plain data classes are compiled.
TEST(Toolchain, QuicktypeKotlinCompiles) {
  ALAB_REQUIRE_TOOL(NodeTool("quicktype"), "quicktype (npm ci --prefix tests/toolchains)");
  auto kotlinc = FindTool("kotlinc");
  ALAB_REQUIRE_TOOL(kotlinc, "kotlinc (Debian package kotlin)");
  TempDir dir;
  std::string code =
      Quicktype(dir.path(), "kotlin",
                {"--framework", "just-types", "--package", "models", "--top-level", "Database"},
                dir / "kt/Models.kt");
  EXPECT_NE(code.find("data class KitchenSink"), std::string::npos);
  auto r = RunCommand({*kotlinc, (dir / "kt/Models.kt").string(), "-d", (dir / "classes").string()},
                      dir.path());
  ASSERT_EQ(r.exit_code, 0) << Show(r);
  EXPECT_TRUE(fs::exists(dir / "classes/models/KitchenSink.class"));
}

}  // namespace
}  // namespace alab::exports
