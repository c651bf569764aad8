#include "migration/dag.h"

#include <gtest/gtest.h>

namespace alab::migration {
namespace {

Migration M(const std::string& rev, std::vector<std::string> parents) {
  Migration m;
  m.revision = rev;
  m.file = "migrations/" + rev + "_x.js";
  m.down_revisions = std::move(parents);
  return m;
}

std::vector<std::string> Revs(const std::vector<const Migration*>& order) {
  std::vector<std::string> out;
  for (const auto* m : order) out.push_back(m->revision);
  return out;
}

TEST(Dag, LinearChainInParentOrderRegardlessOfInputOrder) {
  std::vector<Migration> ms{M("003", {"002"}), M("001", {}), M("002", {"001"})};
  auto order = TopoOrder(ms);
  ASSERT_TRUE(order.ok()) << order.error().message;
  EXPECT_EQ(Revs(*order), (std::vector<std::string>{"001", "002", "003"}));
}

TEST(Dag, BranchesAndMergeAreDeterministicAndNumericAware) {
  std::vector<Migration> ms{M("1", {}), M("10", {"2"}), M("2", {"1"}), M("9", {"1"}),
                            M("11", {"10", "9"})};
  auto order = TopoOrder(ms);
  ASSERT_TRUE(order.ok()) << order.error().message;
  EXPECT_EQ(Revs(*order), (std::vector<std::string>{"1", "2", "9", "10", "11"}));
  EXPECT_EQ(Heads(ms), (std::vector<std::string>{"11"}));
}

TEST(Dag, DuplicateRevisionNamesBothFiles) {
  std::vector<Migration> ms{M("001", {}), M("002", {"001"}), M("002", {"001"})};
  ms[2].file = "migrations/002_other.js";
  auto order = TopoOrder(ms);
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().code, ExitCode::kUserError);
  EXPECT_NE(order.error().message.find("duplicate revision '002'"), std::string::npos);
  EXPECT_NE(order.error().message.find("migrations/002_x.js"), std::string::npos);
  EXPECT_NE(order.error().message.find("migrations/002_other.js"), std::string::npos);
}

TEST(Dag, MissingParentNamesTheFile) {
  std::vector<Migration> ms{M("001", {}), M("003", {"002"})};
  auto order = TopoOrder(ms);
  ASSERT_FALSE(order.ok());
  EXPECT_NE(order.error().message.find("migrations/003_x.js: down_revision '002'"),
            std::string::npos)
      << order.error().message;
}

TEST(Dag, CycleNamesItsFiles) {
  std::vector<Migration> ms{M("001", {}), M("002", {"001", "004"}), M("003", {"002"}),
                            M("004", {"003"})};
  auto order = TopoOrder(ms);
  ASSERT_FALSE(order.ok());
  const std::string& msg = order.error().message;
  EXPECT_NE(msg.find("cycle"), std::string::npos) << msg;
  for (const char* f : {"002_x.js", "003_x.js", "004_x.js"})
    EXPECT_NE(msg.find(f), std::string::npos) << msg;
  EXPECT_EQ(msg.find("001_x.js"), std::string::npos) << msg;
}

TEST(Dag, SelfParentIsAnError) {
  std::vector<Migration> ms{M("001", {"001"})};
  EXPECT_FALSE(TopoOrder(ms).ok());
}

TEST(Dag, HeadsListsEveryBranchTip) {
  std::vector<Migration> ms{M("001", {}), M("002", {"001"}), M("003", {"001"})};
  EXPECT_EQ(Heads(ms), (std::vector<std::string>{"002", "003"}));
  EXPECT_TRUE(Heads({}).empty());
}

TEST(Dag, NextRevisionIsPaddedAndAfterTheHighest) {
  EXPECT_EQ(NextRevision({}), "001");
  EXPECT_EQ(NextRevision({M("001", {}), M("009", {"001"})}), "010");
  EXPECT_EQ(NextRevision({M("099", {})}), "100");
  EXPECT_EQ(NextRevision({M("999", {})}), "1000");
  EXPECT_EQ(NextRevision({M("7", {}), M("abc", {"7"})}), "008");
}

// The original AstrolaDB's files often name no revisions: each follows the previous file in
// name order, whichever numbering (NNN_ or YYYYMMDDHHMMSS_) it uses.
TEST(Dag, FilesWithoutDownRevisionFollowThePreviousFile) {
  std::vector<Migration> ms{M("001", {}), M("002", {}), M("20260216000001", {})};
  ms[0].down_revision_given = true;  // down_revision: null
  LinkImplicitParents(ms);
  EXPECT_TRUE(ms[0].down_revisions.empty());
  EXPECT_EQ(ms[1].down_revisions, (std::vector<std::string>{"001"}));
  EXPECT_EQ(ms[2].down_revisions, (std::vector<std::string>{"002"}));
  EXPECT_EQ(Heads(ms), (std::vector<std::string>{"20260216000001"}));
  auto order = TopoOrder(ms);
  ASSERT_TRUE(order.ok()) << order.error().message;
  EXPECT_EQ(Revs(*order), (std::vector<std::string>{"001", "002", "20260216000001"}));
  // An explicit null still starts a (second) history; an explicit parent is kept.
  std::vector<Migration> two{M("001", {}), M("002", {}), M("003", {"001"})};
  two[1].down_revision_given = true;
  LinkImplicitParents(two);
  EXPECT_TRUE(two[1].down_revisions.empty());
  EXPECT_EQ(two[2].down_revisions, (std::vector<std::string>{"001"}));
  EXPECT_EQ(Heads(two), (std::vector<std::string>{"002", "003"}));
}

TEST(Dag, TimestampRevisionsAreUtcAndStayLast) {
  // 2026-02-16 00:00:01 UTC
  EXPECT_EQ(NextTimestampRevision({}, 1771200001), "20260216000001");
  EXPECT_EQ(NextTimestampRevision({M("003", {})}, 1771200001), "20260216000001");
  // A clock behind the last revision still numbers after it.
  EXPECT_EQ(NextTimestampRevision({M("20260216000001", {})}, 1771200001), "20260216000002");
  EXPECT_EQ(NextTimestampRevision({M("20300101000000", {})}, 1771200001), "20300101000001");
  EXPECT_EQ(NextRevision({M("001", {}), M("20260216000001", {"001"})}), "20260216000002");
}

TEST(Dag, RevisionLessIsNumericAware) {
  EXPECT_TRUE(RevisionLess("2", "10"));
  EXPECT_TRUE(RevisionLess("002", "010"));
  EXPECT_FALSE(RevisionLess("010", "002"));
  EXPECT_TRUE(RevisionLess("999", "abc"));
}

}  // namespace
}  // namespace alab::migration
