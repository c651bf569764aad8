// The docs page in a real browser: Debian's headless Chromium loads the demo project's page
// from disk (offline), and its DOM after load holds every table's section and the diagram
// with one box per table; a screenshot is saved next to the test binary
// (docs-screenshot.png) for people to look at. Suite Toolchain: it runs an external program.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "docs/docs_test_util.h"
#include "test_support.h"

extern char** environ;

namespace alab::docs {
namespace {

namespace fs = std::filesystem;
using testing::RunAlab;
using testing::TempDir;

constexpr const char* kChromium = "/usr/bin/chromium";

// Runs argv with stdout to out_file and stderr to err_file; returns the exit status.
int RunProgram(const std::vector<std::string>& argv_s, const fs::path& out_file,
               const fs::path& err_file) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> args = argv_s;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Headless Chromium with a throwaway profile; `timeout` bounds a browser that hangs.
std::vector<std::string> Chromium(const fs::path& profile, std::vector<std::string> extra) {
  std::vector<std::string> argv{"/usr/bin/timeout",
                                "120",
                                kChromium,
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-dev-shm-usage",
                                "--no-first-run",
                                "--hide-scrollbars",
                                "--user-data-dir=" + profile.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

TEST(Toolchain, DocsPageInChromium) {
  if (!fs::exists(kChromium)) {
    if (testing::InCi())
      FAIL() << "missing toolchain under CI: " << kChromium << " (Debian package chromium)";
    GTEST_SKIP() << "missing toolchain (skipped outside CI): " << kChromium
                 << " (apt-get install chromium)";
  }
  TempDir dir;
  ASSERT_EQ(RunAlab({"init", "-q", "--demo"}, dir.path()).exit_code, 0);
  auto docs = RunAlab({"docs", "--title", "demo"}, dir.path());
  ASSERT_EQ(docs.exit_code, 0) << docs.err;
  const fs::path page = dir / "site/index.html";
  const std::string url = "file://" + page.string();

  // The DOM after load, serialised by the browser.
  const fs::path dom = dir / "dom.html", log = dir / "chromium.log";
  int rc = RunProgram(Chromium(dir / "profile-dom", {"--dump-dom", url}), dom, log);
  ASSERT_EQ(rc, 0) << testing::ReadText(log);
  const std::string text = testing::ReadText(dom);
  const schema::Schema demo = testschemas::Demo();
  for (const auto& t : demo.tables) {
    EXPECT_EQ(Count(text, "id=\"table-" + t.SqlName() + "\""), 1u) << t.Ref() << " section";
    EXPECT_EQ(Count(text, "id=\"er-" + t.SqlName() + "\""), 1u) << t.Ref() << " diagram box";
  }
  EXPECT_EQ(Count(text, "<svg "), 1u);
  EXPECT_EQ(Count(text, "class=\"er-table"), demo.tables.size()) << "one box per table";
  EXPECT_NE(text.find("<h1>demo</h1>"), std::string::npos);

  // The screenshot, kept beside the test binary.
  char self[4096] = {};
  const ssize_t len = ::readlink("/proc/self/exe", self, sizeof(self) - 1);
  ASSERT_GT(len, 0);
  const fs::path png =
      fs::path(std::string(self, static_cast<size_t>(len))).parent_path() / "docs-screenshot.png";
  std::error_code ec;
  fs::remove(png, ec);
  rc = RunProgram(Chromium(dir / "profile-shot",
                           {"--screenshot=" + png.string(), "--window-size=1400,2000", url}),
                  dir / "shot.out", log);
  ASSERT_EQ(rc, 0) << testing::ReadText(log);
  ASSERT_TRUE(fs::exists(png)) << testing::ReadText(log);
  const std::string bytes = testing::ReadText(png);
  EXPECT_GT(bytes.size(), 20000u)
      << "a 1400x2000 page with text and a diagram is not a blank image";
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

}  // namespace
}  // namespace alab::docs
