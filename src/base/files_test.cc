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
  EXPECT_EQ(DisplayPath(root / "schemas" / "app" / "user.js", root.string() + "/"), "schemas/app/user.js");
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

// A command killed while it writes a file (SIGTERM between creating the temporary file
// and renaming it) leaves neither the temporary file nor a half-written target.
TEST(WriteFileAtomicTest, SigtermLeavesNoTemporaryFile) {
  ::alab::testing::TempDir dir;
  const std::filesystem::path target = dir / "schemas/app/user.js";
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    SetWriteFileAtomicHookForTest([](const std::filesystem::path& tmp) {
      if (std::filesystem::exists(tmp)) ::kill(::getpid(), SIGTERM);
    });
    (void)WriteFileAtomic(target, std::string(1 << 20, 'x'));
    ::_exit(0);  // not reached when the signal kills the process
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child was not killed by the signal";
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  std::vector<std::string> left;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path()))
    if (e.is_regular_file()) left.push_back(e.path().string());
  EXPECT_TRUE(left.empty()) << left.front();
}

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
