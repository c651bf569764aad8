#include "base/files.h"

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
