// The editor typings are real: `tsc --noEmit -p .` passes on an `alab init --demo` project
// and fails on typos. tsc comes from tests/toolchains (npm ci) or PATH; under CI=true a
// missing tsc is a failure.
#include <sys/wait.h>
#include <unistd.h>

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

#define REQUIRE_TSC(tsc)                                                                 \
  const std::string tsc = FindTsc();                                                     \
  if (tsc.empty()) {                                                                     \
    if (InCi()) FAIL() << "tsc not found (run scripts/install.sh: npm ci in tests/toolchains)"; \
    GTEST_SKIP() << "tsc not found";                                                     \
  }

struct TscResult {
  int exit_code = -1;
  std::string output;
};

TscResult RunTsc(const std::string& tsc, const fs::path& project) {
  const fs::path log = project / "tsc.log";
  const std::string cmd = "cd '" + project.string() + "' && '" + tsc + "' --noEmit -p . > '" +
                          log.string() + "' 2>&1";
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
  dir.Write("schemas/blog/bad_enum_default.js",
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

}  // namespace
}  // namespace alab::cli
