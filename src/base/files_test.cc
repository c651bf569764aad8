#include "base/files.h"

#include <csignal>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "test_support.h"

namespace alab {
namespace {

namespace fs = std::filesystem;

TEST(DisplayPathTest, RelativeToTheProjectWhenInside) {
  alab::testing::TempDir tmp;
  tmp.Write("schemas/app/user.js", "x");
  const fs::path root = tmp.path();
  EXPECT_EQ(DisplayPath(root / "schemas/app/user.js", root), "schemas/app/user.js");
  EXPECT_EQ(DisplayPath(root / "schemas" / "app" / "user.js", root.string() + "/"),
            "schemas/app/user.js");
  // Spellings the fast path leaves to std::filesystem::relative, which normalises them.
  EXPECT_EQ(DisplayPath(root / "schemas/./app/user.js", root), "schemas/app/user.js");
  EXPECT_EQ(DisplayPath(root / "schemas/other/../app/user.js", root), "schemas/app/user.js");
  // Outside the base: the path as given.
  EXPECT_EQ(DisplayPath("/elsewhere/x.js", root), "/elsewhere/x.js");
  EXPECT_EQ(DisplayPath(root.string() + "-sibling/x.js", root), root.string() + "-sibling/x.js");
  // Through a symlinked base, as before: resolved to the same place.
  fs::create_directory_symlink(root, tmp.path() / "link");
  EXPECT_EQ(DisplayPath(root / "link/schemas/app/user.js", root / "link"), "schemas/app/user.js");
}

}  // namespace
}  // namespace alab

namespace alab {
namespace {

// A failed rename is reported with its own reason (removing the temporary file after it used
// to overwrite the error with "Success"), and leaves no temporary file.
TEST(WriteFileAtomicTest, FailedRenameSaysWhy) {
  ::alab::testing::TempDir dir;
  std::filesystem::create_directories(dir / "target/inner");
  Status s = WriteFileAtomic(dir / "target", "x");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("Is a directory"), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().message.find("Success"), std::string::npos) << s.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir / ("target.tmp." + std::to_string(::getpid()))));
}

// A command killed while it writes a file (a signal between creating the temporary file and
// renaming it) leaves neither the temporary file nor a half-written target: every signal whose
// default action ends the process (a closed pipe, a timer, a resource limit, kill -USR1 ...).
int g_kill_with = SIGTERM;

class WriteFileAtomicSignalTest : public ::testing::TestWithParam<int> {};

TEST_P(WriteFileAtomicSignalTest, LeavesNoTemporaryFile) {
  ::alab::testing::TempDir dir;
  const std::filesystem::path target = dir / "schemas/app/user.js";
  g_kill_with = GetParam();
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    SetWriteFileAtomicHookForTest([](const std::filesystem::path& tmp) {
      if (std::filesystem::exists(tmp)) ::kill(::getpid(), g_kill_with);
    });
    (void)WriteFileAtomic(target, std::string(1 << 20, 'x'));
    ::_exit(0);  // not reached when the signal kills the process
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child was not killed by the signal";
  EXPECT_EQ(WTERMSIG(status), GetParam());
  std::vector<std::string> left;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path()))
    if (e.is_regular_file()) left.push_back(e.path().string());
  EXPECT_TRUE(left.empty()) << left.front();
}

INSTANTIATE_TEST_SUITE_P(Signals, WriteFileAtomicSignalTest,
                         ::testing::Values(SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGUSR1, SIGUSR2,
                                           SIGXCPU, SIGXFSZ, SIGALRM, SIGVTALRM, SIGPROF, SIGQUIT,
                                           SIGABRT, SIGIO, SIGPWR, SIGSYS, SIGRTMIN, SIGRTMAX),
                         [](const ::testing::TestParamInfo<int>& info) {
                           const char* name = sigabbrev_np(info.param);
                           return name != nullptr ? std::string(name)
                                                  : "RT" + std::to_string(info.param);
                         });

// AtomicFileWriter: the pieces appear at the path only on Commit; a writer destroyed
// uncommitted (an error part way) leaves the old file as it was and no temporary file.
TEST(AtomicFileWriterTest, CommitRenamesAndAbandonLeavesNothing) {
  ::alab::testing::TempDir dir;
  const std::filesystem::path target = dir / "out/rows.json";
  {
    auto w = AtomicFileWriter::Open(target);
    ASSERT_TRUE(w.ok()) << w.error().message;
    ASSERT_TRUE((*w)->Append("{").ok());
    EXPECT_FALSE(std::filesystem::exists(target));
    ASSERT_TRUE((*w)->Append("}\n").ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }
  EXPECT_EQ(::alab::testing::ReadText(target), "{}\n");
  {
    auto w = AtomicFileWriter::Open(target);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Append("half").ok());
  }
  EXPECT_EQ(::alab::testing::ReadText(target), "{}\n");
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path()))
    if (e.is_regular_file()) files.push_back(e.path().filename().string());
  EXPECT_EQ(files, std::vector<std::string>{"rows.json"});
  // A path under a file cannot be opened: the error names it.
  auto bad = AtomicFileWriter::Open(target / "x.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.rfind("cannot write " + (target / "x.json").string() + ": ", 0), 0u)
      << bad.error().message;
}

}  // namespace
}  // namespace alab
