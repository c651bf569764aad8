#include "rewrite/rebase.h"

#include <gtest/gtest.h>

#include "migration/dag.h"
#include "migration/file_text.h"
#include "test_support.h"

namespace alab::rewrite {

using migration::JsRevisionList;
using migration::MigrationFileName;
using migration::RewriteRevisionFields;
namespace {

Migration M(const std::string& rev, std::vector<std::string> parents, const std::string& name) {
  Migration m;
  m.revision = rev;
  m.down_revisions = std::move(parents);
  m.file = "migrations/" + MigrationFileName(rev, name);
  m.description = name;
  m.content = "// keep this comment\nexport default migration({\n  description: " +
              codegen::JsString(name) + ",\n  up_revision: " + codegen::JsString(rev) +
              ",\n  down_revision: " + JsRevisionList(m.down_revisions) +
              ",\n  up(m) {},\n  down(m) {},\n});\n";
  return m;
}

TEST(FileText, NamesAndLiterals) {
  EXPECT_EQ(MigrationFileName("002", "Add Email"), "002_add_email.js");
  EXPECT_EQ(codegen::JsString("a\"b\\c\n"), "'a\"b\\\\c\\n'");  // the quote it needs fewer of
  EXPECT_EQ(codegen::JsString("add_email"), "\"add_email\"");
  EXPECT_EQ(JsRevisionList({}), "null");
  EXPECT_EQ(JsRevisionList({"001"}), "\"001\"");
  EXPECT_EQ(JsRevisionList({"002", "003"}), "[\"002\", \"003\"]");
}

TEST(FileText, RewriteKeepsEverythingElse) {
  std::string text =
      "// c\nexport default migration({\n  up_revision: '005', // mine\n  down_revision: [\"003\", "
      "'004'],\n"
      "  up(m) { m.sql(\"SELECT 'up_revision: 1'\"); },\n});\n";
  auto out = RewriteRevisionFields(text, "007", {"006"});
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out,
            "// c\nexport default migration({\n  up_revision: \"007\", // mine\n  down_revision: "
            "\"006\",\n"
            "  up(m) { m.sql(\"SELECT 'up_revision: 1'\"); },\n});\n");
  auto nulled = RewriteRevisionFields("up_revision: \"1\", down_revision: null", "2", {"1"});
  ASSERT_TRUE(nulled.ok());
  EXPECT_EQ(*nulled, "up_revision: \"2\", down_revision: \"1\"");
  EXPECT_FALSE(RewriteRevisionFields("export default migration({})", "2", {}).ok());
  // Only the field itself, at a word boundary, with a value it can read.
  auto spelled = RewriteRevisionFields(
      "my_up_revision: \"x\", up_revisions: 1, up_revision : 'a\\'b',\n down_revision:\t[\"0\"]",
      "9", {"7", "8"});
  ASSERT_TRUE(spelled.ok()) << spelled.error().message;
  EXPECT_EQ(*spelled,
            "my_up_revision: \"x\", up_revisions: 1, up_revision : \"9\",\n "
            "down_revision:\t[\"7\", \"8\"]");
  EXPECT_FALSE(
      RewriteRevisionFields("up_revision: \"unterminated, down_revision: null", "2", {}).ok());
  EXPECT_FALSE(RewriteRevisionFields("up_revision: \"1\", down_revision: [\"open", "2", {}).ok());
  EXPECT_FALSE(RewriteRevisionFields("up_revision: \"1\", down_revision:", "2", {}).ok());
}

TEST(Rebase, NoConflictIsNoPlan) {
  std::vector<Migration> ms{M("001", {}, "a"), M("002", {"001"}, "b")};
  auto plan = PlanRebase(ms, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->conflict);
  EXPECT_TRUE(plan->moves.empty());
}

TEST(Rebase, DuplicateRevisionsRenumberLocalChainAfterTheOthers) {
  // Both branches added 003 on top of 002; the local branch also has 004 on its 003.
  std::vector<Migration> ms{M("001", {}, "a"),           M("002", {"001"}, "b"),
                            M("003", {"002"}, "theirs"), M("004", {"003"}, "theirs next"),
                            M("003", {"002"}, "mine"),   M("004", {"003"}, "mine next")};
  std::set<std::string> local{"migrations/003_mine.js", "migrations/004_mine_next.js"};
  auto plan = PlanRebase(ms, local);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_TRUE(plan->conflict);
  ASSERT_EQ(plan->moves.size(), 2u);
  EXPECT_EQ(plan->moves[0].new_file, "migrations/005_mine.js");
  EXPECT_EQ(plan->moves[0].new_parents, (std::vector<std::string>{"004"}));
  EXPECT_EQ(plan->moves[1].new_file, "migrations/006_mine_next.js");
  EXPECT_EQ(plan->moves[1].new_parents, (std::vector<std::string>{"005"}));
  EXPECT_NE(plan->moves[1].new_text.find("up_revision: \"006\""), std::string::npos);
  EXPECT_NE(plan->moves[1].new_text.find("down_revision: \"005\""), std::string::npos);
  EXPECT_EQ(plan->moves[1].new_text.rfind("// keep this comment\n", 0), 0u);
}

TEST(Rebase, ApplyRenamesFilesAndTheResultLoadsAsOneChain) {
  testing::TempDir dir;
  std::vector<Migration> ms{M("001", {}, "a"), M("002", {"001"}, "theirs"),
                            M("002", {"001"}, "mine")};
  for (const auto& m : ms) dir.Write(m.file, m.content);
  auto plan = PlanRebase(ms, {"migrations/002_mine.js"});
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_TRUE(ApplyRebase(dir.path(), *plan).ok());
  EXPECT_FALSE(std::filesystem::exists(dir / "migrations/002_mine.js"));
  EXPECT_EQ(dir.Read("migrations/003_mine.js"), M("003", {"002"}, "mine").content);
  EXPECT_EQ(dir.Read("migrations/002_theirs.js"), ms[1].content);
}

TEST(Rebase, SeveralHeadsWithoutDuplicatesAreLinearized) {
  std::vector<Migration> ms{M("001", {}, "a"), M("002", {"001"}, "theirs"),
                            M("003", {"001"}, "mine")};
  auto plan = PlanRebase(ms, {"migrations/003_mine.js"});
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(plan->moves.size(), 1u);
  EXPECT_EQ(plan->moves[0].new_revision, "003");
  EXPECT_EQ(plan->moves[0].new_parents, (std::vector<std::string>{"002"}));
}

TEST(Rebase, LocalByModificationTimeWithoutGit) {
  testing::TempDir dir;
  std::vector<Migration> ms{M("001", {}, "a"), M("002", {"001"}, "theirs"),
                            M("002", {"001"}, "mine"), M("003", {"002"}, "mine next")};
  for (const auto& m : ms) dir.Write(m.file, m.content);
  auto t0 = std::filesystem::file_time_type::clock::now() - std::chrono::hours(3);
  std::filesystem::last_write_time(dir / ms[0].file, t0);
  std::filesystem::last_write_time(dir / ms[1].file, t0 + std::chrono::minutes(1));
  std::filesystem::last_write_time(dir / ms[2].file, t0 + std::chrono::minutes(2));
  std::filesystem::last_write_time(dir / ms[3].file, t0 + std::chrono::minutes(3));
  auto local = LocalMigrationFiles(dir.path(), ms);
  EXPECT_EQ(local,
            (std::set<std::string>{"migrations/002_mine.js", "migrations/003_mine_next.js"}));
}

TEST(Rebase, EverythingCommittedIsAnError) {
  std::vector<Migration> ms{M("001", {}, "a"), M("002", {"001"}, "x"), M("002", {"001"}, "y")};
  auto plan = PlanRebase(ms, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, ExitCode::kUserError);
}

}  // namespace
}  // namespace alab::rewrite
