// The editor typings are real: `tsc --noEmit -p .` passes on an `alab init --demo` project
// and fails on typos. tsc comes from tests/toolchains (npm ci) or PATH; under CI=true a
// missing tsc is a failure.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "test_support.h"

namespace alab::cli {
namespace {

namespace fs = std::filesystem;
using ::alab::testing::InCi;
using ::alab::testing::ReadText;
using ::alab::testing::RunAlab;
using ::alab::testing::SourceDir;
using ::alab::testing::TempDir;

std::string FindTsc() {
  fs::path pinned = SourceDir() / "tests/toolchains/node_modules/.bin/tsc";
  if (fs::exists(pinned)) return pinned.string();
  if (const char* path = std::getenv("PATH")) {
    std::string p = path;
    size_t start = 0;
    while (start <= p.size()) {
      size_t end = p.find(':', start);
      if (end == std::string::npos) end = p.size();
      fs::path candidate = fs::path(p.substr(start, end - start)) / "tsc";
      if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
      start = end + 1;
    }
  }
  return "";
}

#define REQUIRE_TSC(tsc)                                                                        \
  const std::string tsc = FindTsc();                                                            \
  if (tsc.empty()) {                                                                            \
    if (InCi()) FAIL() << "tsc not found (run scripts/install.sh: npm ci in tests/toolchains)"; \
    GTEST_SKIP() << "tsc not found";                                                            \
  }

struct TscResult {
  int exit_code = -1;
  std::string output;
};

TscResult RunTsc(const std::string& tsc, const fs::path& project) {
  const fs::path log = project / "tsc.log";
  const std::string cmd =
      "cd '" + project.string() + "' && '" + tsc + "' --noEmit -p . > '" + log.string() + "' 2>&1";
  const int status = std::system(cmd.c_str());
  TscResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.output = ReadText(log);
  fs::remove(log);
  return r;
}

void InitDemo(const TempDir& dir) {
  auto r = RunAlab({"init", "--demo", "-q"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

TEST(TypingsTest, DemoProjectTypeChecks) {
  REQUIRE_TSC(tsc);
  TempDir dir;
  InitDemo(dir);
  TscResult r = RunTsc(tsc, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "");
}

TEST(TypingsTest, TyposFailToTypeCheck) {
  REQUIRE_TSC(tsc);
  TempDir dir;
  InitDemo(dir);
  std::string user = dir.Read("schemas/auth/user.js");
  const size_t at = user.find("col.datetime()");
  ASSERT_NE(at, std::string::npos);
  user.replace(at, 14, "col.strng()");
  dir.Write("schemas/auth/user.js", user);
  dir.Write("schemas/blog/bad_modifier.js",
            "export default table({ id: col.id(), n: col.integer().optinal() });\n");
  dir.Write(
      "schemas/blog/bad_enum_default.js",
      "export default table({ id: col.id(), s: col.enum([\"a\", \"b\"]).default(\"c\") });\n");
  dir.Write("migrations/001_bad.js",
            "export default migration({\n  up(m) {\n    m.create_table(\"a.b\", (t) => {\n"
            "      t.strng(\"x\", 5);\n    });\n  },\n});\n");
  TscResult r = RunTsc(tsc, dir.path());
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("schemas/auth/user.js"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("'strng' does not exist"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("'optinal' does not exist"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("bad_enum_default.js"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("migrations/001_bad.js"), std::string::npos) << r.output;
}

TEST(TypingsTest, MigrationFilesTypeCheck) {
  REQUIRE_TSC(tsc);
  TempDir dir;
  InitDemo(dir);
  dir.Write("migrations/001_start.js", ReadText(SourceDir() / "testdata/cli/migration_sample.js"));
  TscResult r = RunTsc(tsc, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

// The generated tsconfig.json and typings work with TypeScript 5, 6 and 7 (all pinned in
// tests/toolchains: typescript, typescript6, typescript7), and table references in schema
// files are checked against the project's tables (types/tables.d.ts).
class TypingsVersions : public ::testing::TestWithParam<std::string> {
 protected:
  std::string Tsc() {
    fs::path bin = SourceDir() / "tests/toolchains/node_modules" / GetParam() / "bin/tsc";
    return fs::exists(bin) ? bin.string() : "";
  }
};

#define REQUIRE_PINNED_TSC(tsc)                                                        \
  const std::string tsc = Tsc();                                                       \
  if (tsc.empty()) {                                                                   \
    if (InCi())                                                                        \
      FAIL() << GetParam()                                                             \
             << " not installed (run scripts/install.sh: npm ci in tests/toolchains)"; \
    GTEST_SKIP() << GetParam() << " not installed";                                    \
  }

TEST_P(TypingsVersions, DemoProjectTypeChecksAndAMisspelledTableIsAnError) {
  REQUIRE_PINNED_TSC(tsc);
  TempDir dir;
  InitDemo(dir);
  EXPECT_TRUE(fs::exists(dir.path() / "types/tables.d.ts"));
  TscResult ok = RunTsc(tsc, dir.path());
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_EQ(ok.output, "");
  std::string post = dir.Read("schemas/blog/post.js");
  const size_t at = post.find("col.belongs_to(\"auth.user\")");
  ASSERT_NE(at, std::string::npos) << post;
  const int line =
      1 + static_cast<int>(std::count(post.begin(), post.begin() + static_cast<long>(at), '\n'));
  post.replace(at, std::string("col.belongs_to(\"auth.user\")").size(),
               "col.belongs_to(\"auth.usr\")");
  dir.Write("schemas/blog/post.js", post);
  TscResult bad = RunTsc(tsc, dir.path());
  EXPECT_NE(bad.exit_code, 0) << bad.output;
  EXPECT_NE(bad.output.find("schemas/blog/post.js(" + std::to_string(line) + ","),
            std::string::npos)
      << bad.output;
  EXPECT_NE(bad.output.find("'\"auth.usr\"'"), std::string::npos) << bad.output;
}

TEST_P(TypingsVersions, NewTablesJoinTheListWithAlabNewAndMigrationsKeepAnyName) {
  REQUIRE_PINNED_TSC(tsc);
  TempDir dir;
  InitDemo(dir);
  dir.Write(
      "schemas/shop/order.js",
      "export default table({\n  id: col.id(),\n  buyer: col.belongs_to(\"auth.user\"),\n});\n");
  dir.Write("schemas/shop/line.js",
            "export default table({\n  id: col.id(),\n  order: col.belongs_to(\".order\"),\n});\n");
  TscResult before = RunTsc(tsc, dir.path());
  EXPECT_NE(before.exit_code, 0) << before.output;  // shop.order is not listed yet
  auto made = RunAlab({"new", "shop"}, dir.path());
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(dir.Read("types/tables.d.ts").find("\"shop.order\": true;"), std::string::npos);
  // A migration may name a table the schema files no longer have.
  dir.Write("migrations/002_legacy.js",
            "export default migration({\n  up(m) {\n    m.drop_table(\"old.gone\");\n  },\n  "
            "down(m) {},\n});\n");
  TscResult after = RunTsc(tsc, dir.path());
  EXPECT_EQ(after.exit_code, 0) << after.output;
}

// `alab types` (no -l) writes the typings again and names a tsconfig.json TypeScript 7 refuses.
TEST(EditorTypings, AlabTypesRewritesTheTypingsAndNamesAnOldTsconfig) {
  TempDir dir;
  InitDemo(dir);
  dir.Write("types/alab.d.ts", "// an old copy\n");
  fs::remove(dir.path() / "types/tables.d.ts");
  std::string tsconfig = dir.Read("tsconfig.json");
  const size_t at = tsconfig.find("\"bundler\"");
  ASSERT_NE(at, std::string::npos) << tsconfig;
  tsconfig.replace(at, 9, "\"node\"");
  dir.Write("tsconfig.json", tsconfig);
  auto r = RunAlab({"types"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(dir.Read("types/alab.d.ts").find("interface Tables {}"), std::string::npos);
  EXPECT_NE(dir.Read("types/tables.d.ts").find("\"blog.post\": true;"), std::string::npos);
  EXPECT_EQ(dir.Read("types/tables.d.ts").find("blog_post_blog_tag"),
            std::string::npos);  // junctions left out
  EXPECT_NE(r.err.find("tsconfig.json: \"moduleResolution\": \"node\" is deprecated"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(dir.Read("tsconfig.json"), tsconfig);  // the user's file is only named, never rewritten
}

INSTANTIATE_TEST_SUITE_P(Pinned, TypingsVersions,
                         ::testing::Values("typescript", "typescript6", "typescript7"));

}  // namespace
}  // namespace alab::cli
