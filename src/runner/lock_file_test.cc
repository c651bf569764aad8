#include "runner/lock_file.h"

#include <gtest/gtest.h>

#include "base/sha256.h"
#include "base/strings.h"
#include "migration/migration.h"
#include "runner/checksum.h"
#include "test_support.h"

namespace alab::runner {
namespace {

void WriteProject(const testing::TempDir& dir) {
  dir.Write("migrations/001_init.js", "export default migration({ up_revision: \"001\" });\n");
  dir.Write("migrations/002_next.js", "export default migration({ up_revision: \"002\" });\n");
  dir.Write("migrations/notes.txt", "not a migration");
}

TEST(ChecksumChain, StartsFromGenesisAndChains) {
  migration::Migration a, b;
  a.content = "A";
  b.content = "B";
  auto chain = ChainChecksums({&a, &b});
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain[0], Sha256Hex("Agenesis"));
  EXPECT_EQ(chain[1], Sha256Hex("B" + chain[0]));
  a.content = "A2";
  EXPECT_NE(ChainChecksums({&a, &b})[1], chain[1]);  // an edit invalidates every later checksum
}

TEST(LockFile, WriteThenVerifyIsClean) {
  testing::TempDir dir;
  WriteProject(dir);
  ASSERT_TRUE(WriteLockFile(dir.path(), dir / "migrations").ok());
  std::string text = dir.Read("alab.lock");
  auto lines = Split(text, '\n');
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[1], Sha256Hex(dir.Read("migrations/001_init.js")) + " migrations/001_init.js");
  EXPECT_EQ(lines[2], Sha256Hex(dir.Read("migrations/002_next.js")) + " migrations/002_next.js");
  auto parsed = ParseLockFile(text);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->aggregate, lines[0]);
  EXPECT_EQ(parsed->aggregate, AggregateChecksum(parsed->entries));
  EXPECT_TRUE(VerifyLockFile(dir.path(), dir / "migrations").empty());
}

TEST(LockFile, DetectsEditedDeletedAndNewFiles) {
  testing::TempDir dir;
  WriteProject(dir);
  ASSERT_TRUE(WriteLockFile(dir.path(), dir / "migrations").ok());
  dir.Write("migrations/001_init.js",
            "export default migration({ up_revision: \"001\", description: \"x\" });\n");
  std::filesystem::remove(dir / "migrations/002_next.js");
  dir.Write("migrations/003_new.js", "export default migration({});\n");
  auto problems = VerifyLockFile(dir.path(), dir / "migrations");
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].kind, LockProblem::Kind::kChanged);
  EXPECT_EQ(problems[0].file, "migrations/001_init.js");
  EXPECT_NE(problems[0].message.find("migrations/001_init.js"), std::string::npos);
  EXPECT_EQ(problems[1].kind, LockProblem::Kind::kMissing);
  EXPECT_EQ(problems[1].file, "migrations/002_next.js");
  EXPECT_EQ(problems[2].kind, LockProblem::Kind::kUnlisted);
  EXPECT_EQ(problems[2].file, "migrations/003_new.js");
  ASSERT_TRUE(WriteLockFile(dir.path(), dir / "migrations").ok());
  EXPECT_TRUE(VerifyLockFile(dir.path(), dir / "migrations").empty());
}

TEST(LockFile, DetectsAnEditedLockFile) {
  testing::TempDir dir;
  WriteProject(dir);
  ASSERT_TRUE(WriteLockFile(dir.path(), dir / "migrations").ok());
  std::string text = dir.Read("alab.lock");
  // Change one entry's checksum: the aggregate no longer matches and the entry names its file.
  auto pos = text.find(" migrations/002_next.js");
  ASSERT_NE(pos, std::string::npos);
  text[pos - 1] = text[pos - 1] == '0' ? '1' : '0';
  dir.Write("alab.lock", text);
  auto problems = VerifyLockFile(dir.path(), dir / "migrations");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].kind, LockProblem::Kind::kAggregate);
  EXPECT_NE(problems[0].message.find("alab.lock"), std::string::npos);
  EXPECT_EQ(problems[1].file, "migrations/002_next.js");

  dir.Write("alab.lock", "not a checksum\n");
  problems = VerifyLockFile(dir.path(), dir / "migrations");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].kind, LockProblem::Kind::kMalformed);
  EXPECT_NE(problems[0].message.find("alab.lock:1"), std::string::npos);
}

TEST(LockFile, MissingLockFileIsReported) {
  testing::TempDir dir;
  WriteProject(dir);
  auto problems = VerifyLockFile(dir.path(), dir / "migrations");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].kind, LockProblem::Kind::kNoLockFile);
}

}  // namespace
}  // namespace alab::runner
