// The OpenAPI export in the tools that read it: `redocly lint` (no errors, no unexplained
// warnings) on 3.0 and 3.1, `redocly build-docs` renders it, and headless Chromium shows
// every table in the rendered Redoc page. A missing tool fails under CI=true.
#include <gtest/gtest.h>

#include "export/export.h"
#include "export/export_test_util.h"
#include "export/naming.h"
#include "test_support.h"

namespace alab::exports {
namespace {

using nlohmann::json;
using testing::TempDir;
using testutil::FindTool;
using testutil::kFixtures;
using testutil::LoadFixture;
using testutil::NodeTool;
using testutil::RunCommand;
using testutil::ScriptPath;
using testutil::Show;
using testutil::WriteText;

namespace fs = std::filesystem;

constexpr const char* kChromium = "/usr/bin/chromium";

// No telemetry, no update check: the tests run offline.
const std::vector<std::string> kRedoclyEnv = {"REDOCLY_TELEMETRY=off",
                                              "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1"};

// The text of an HTML page without its scripts and styles, tags and runs of white space
// replaced by one space (a plain
// scan: std::regex recurses per character and overflows the stack on a 2 MB page).
std::string VisibleText(const std::string& html) {
  std::string out;
  size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      char c = html[i++];
      bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
      if (!space)
        out += c;
      else if (!out.empty() && out.back() != ' ')
        out += ' ';
      continue;
    }
    for (const char* skip : {"script", "style"}) {
      if (html.compare(i + 1, std::char_traits<char>::length(skip), skip) == 0) {
        size_t end = html.find(std::string("</") + skip, i);
        i = end == std::string::npos ? html.size() : end;
        break;
      }
    }
    size_t close = html.find('>', i);
    i = close == std::string::npos ? html.size() : close + 1;
    if (!out.empty() && out.back() != ' ') out += ' ';
  }
  return out;
}

Options Version(const char* v) {
  Options o;
  o.openapi_version = v;
  return o;
}

// swagger-parser validates both versions of every fixture against the OpenAPI schema.
TEST(Toolchain, OpenApi30And31ValidateWithSwaggerParser) {
  ALAB_REQUIRE_TOOL(FindTool("node") && NodeTool("tsc"), "node + npm ci --prefix tests/toolchains");
  TempDir dir;
  json job = {{"openapi", json::array()}};
  for (const auto& fixture : kFixtures)
    for (const char* v : {"3.0", "3.1"}) {
      fs::path base = dir.path() / fixture / v;
      testutil::WriteFiles(base, ExportOpenApi(LoadFixture(fixture), Version(v)));
      job["openapi"].push_back((base / "openapi/openapi.json").string());
    }
  WriteText(dir / "job.json", job.dump());
  auto r = RunCommand({*FindTool("node"), ScriptPath("validate.mjs"), (dir / "job.json").string()},
                      dir.path());
  EXPECT_EQ(r.exit_code, 0) << Show(r);
}

TEST(Toolchain, RedoclyLintsAndRendersEveryTable) {
  ALAB_REQUIRE_TOOL(FindTool("node") && NodeTool("redocly"),
                    "redocly (npm ci --prefix tests/toolchains)");
  ALAB_REQUIRE_TOOL(fs::exists(kChromium), std::string(kChromium) + " (Debian package chromium)");
  TempDir dir;
  for (const auto& fixture : kFixtures) {
    auto schema = LoadFixture(fixture);
    for (const char* v : {"3.0", "3.1"}) {
      SCOPED_TRACE(fixture + " " + v);
      fs::path base = dir.path() / fixture / v;
      testutil::WriteFiles(base, ExportOpenApi(schema, Version(v)));
      const std::string spec = (base / "openapi/openapi.json").string();
      auto lint =
          RunCommand({*NodeTool("redocly"), "lint", "--format=json", spec}, base, kRedoclyEnv);
      EXPECT_EQ(lint.exit_code, 0) << Show(lint);
      json report = json::parse(lint.out, nullptr, false);
      ASSERT_TRUE(report.is_object()) << Show(lint);
      EXPECT_EQ(report["totals"]["errors"], 0) << report.dump(1);
      for (const auto& p : report["problems"]) {
        // info-license (a warning of the recommended rules): the licence of an API is its
        // owner's statement; the schema carries none, and alab does not invent one.
        EXPECT_EQ(p["ruleId"], "info-license") << p.dump(1);
      }
      if (fixture == "demo") continue;  // rendering: the two larger fixtures suffice

      // The page, with Redoc inlined (no CDN: the test runs offline).
      fs::path html = base / "docs.html";
      auto docs = RunCommand(
          {*NodeTool("redocly"), "build-docs", "--inlineBundle", spec, "-o", html.string()}, base,
          kRedoclyEnv);
      ASSERT_EQ(docs.exit_code, 0) << Show(docs);
      ASSERT_TRUE(fs::exists(html)) << Show(docs);
      auto dom =
          RunCommand({"/usr/bin/timeout", "120", kChromium, "--headless", "--no-sandbox",
                      "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                      "--user-data-dir=" + (base / "profile").string(),
                      "--virtual-time-budget=10000", "--dump-dom", "file://" + html.string()},
                     base);
      ASSERT_EQ(dom.exit_code, 0) << dom.err.substr(0, 2000);
      // What the page shows: the rendered markup, not the spec embedded in its scripts.
      std::string text = VisibleText(dom.out);
      EXPECT_NE(text.find("Search"), std::string::npos) << "Redoc did not start:\n"
                                                        << text.substr(0, 2000);
      // The navigation: each namespace, and in it each table (its tag) by SQL name.
      for (const auto& t : schema.tables) {
        EXPECT_NE(text.find(" " + t.SqlName() + " "), std::string::npos) << t.Ref() << "\n"
                                                                         << text.substr(0, 3000);
        EXPECT_NE(text.find(" " + (t.ns.empty() ? std::string("default") : t.ns) + " "),
                  std::string::npos)
            << t.Ref();
      }
      // The sections are rendered too, not only the menu (Redoc renders them as they scroll
      // into view: the first ones are there).
      EXPECT_NE(text.find(" table (" + schema.tables.front().Ref() + "). Operations get /"),
                std::string::npos)
          << text.substr(0, 3000);
    }
  }
}

}  // namespace
}  // namespace alab::exports
