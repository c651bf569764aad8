#include <gtest/gtest.h>

#include "diff/diff.h"
#include "diff/diff_test_util.h"

namespace alab::diff {
namespace {

using schema::Type;
using testing::AddBelongsTo;
using testing::AddIndex;
using testing::Col;
using testing::Describe;
using testing::Id;
using testing::Sch;
using testing::Str;
using testing::Tab;
using Strings = std::vector<std::string>;

struct Asked {
  std::vector<RenameCandidate> seen;
  bool answer = true;
  RenameDecider Decider() {
    return [this](const RenameCandidate& c) {
      seen.push_back(c);
      return answer;
    };
  }
};

void ExpectReplays(const schema::Schema& from, const schema::Schema& to,
                   const std::vector<ops::Op>& result) {
  schema::Schema state = from;
  EXPECT_EQ(testing::Replay(result, state), "");
  EXPECT_TRUE(schema::SameDatabaseShape(state, to)) << schema::ToJson(state).dump(1);
  std::vector<ops::Op> down;
  for (auto it = result.rbegin(); it != result.rend(); ++it)
    if (auto inv = ops::Invert(*it)) down.push_back(*inv);
  EXPECT_EQ(testing::Replay(down, state), "");
  EXPECT_TRUE(schema::SameDatabaseShape(state, from)) << schema::ToJson(state).dump(1);
}

// blog.post renamed to blog.article; auth.user keeps pointing at it through a FK.
std::pair<schema::Schema, schema::Schema> TableRenamePair() {
  auto user = Tab("auth", "user", {Id(), Str("email", 255)});
  auto post = Tab("blog", "post", {Id(), Str("title", 200)});
  AddBelongsTo(post, "user_id", "auth.user");
  AddIndex(post, {"user_id"});
  auto like = Tab("blog", "like", {Id()});
  AddBelongsTo(like, "post_id", "blog.post");
  auto article = post;
  article.name = "article";
  article.foreign_keys[0].name = schema::ForeignKeyName("blog_article", {"user_id"});
  article.indexes[0].name = schema::IndexName("blog_article", {"user_id"}, false);
  auto like2 = Tab("blog", "like", {Id()});
  AddBelongsTo(like2, "post_id", "blog.article");
  return {Sch({user, post, like}), Sch({user, article, like2})};
}

TEST(RenameDetect, TableRenameAcceptedKeepsDataAndRenamesConstraints) {
  auto [from, to] = TableRenamePair();
  Asked asked;
  ChosenRenames chosen;
  auto result = Diff(from, to, {{}, {}, asked.Decider()}, &chosen);
  ASSERT_EQ(asked.seen.size(), 1u);
  EXPECT_EQ(asked.seen[0].kind, RenameCandidate::Kind::kTable);
  EXPECT_EQ(asked.seen[0].from, "blog.post");
  EXPECT_EQ(asked.seen[0].to, "blog.article");
  EXPECT_EQ(Describe(result), (Strings{"drop foreign key fk_blog_post_user_id on blog.post",
                                       "drop index idx_blog_post_user_id on blog.post",
                                       "rename table blog.post to blog.article",
                                       "add foreign key fk_blog_article_user_id on blog.article",
                                       "create index idx_blog_article_user_id on blog.article"}));
  EXPECT_EQ(chosen.tables, (std::map<std::string, std::string>{{"blog.post", "article"}}));
  ExpectReplays(from, to, result);
}

TEST(RenameDetect, TableRenameRefusedIsDropAndCreate) {
  auto [from, to] = TableRenamePair();
  Asked asked;
  asked.answer = false;
  auto result = Diff(from, to, {{}, {}, asked.Decider()});
  EXPECT_EQ(asked.seen.size(), 1u);
  auto d = Describe(result);
  EXPECT_NE(std::find(d.begin(), d.end(), "drop table blog.post"), d.end());
  EXPECT_NE(std::find(d.begin(), d.end(), "create table blog.article"), d.end());
  ExpectReplays(from, to, result);
}

TEST(RenameDetect, NoDeciderNeverRenames) {
  auto [from, to] = TableRenamePair();
  auto result = Diff(from, to, {});
  for (const auto& op : result) EXPECT_FALSE(std::holds_alternative<ops::RenameTable>(op));
  ExpectReplays(from, to, result);
}

TEST(RenameDetect, TableHintWinsWithoutAsking) {
  auto [from, to] = TableRenamePair();
  to.tables[1].columns.push_back(Col("views", Type::kInteger));  // not the same columns any more
  schema::Canonicalize(to);
  Asked asked;
  auto result = Diff(from, to, {{{"blog.post", "article"}}, {}, asked.Decider()});
  EXPECT_TRUE(asked.seen.empty());
  auto d = Describe(result);
  EXPECT_NE(std::find(d.begin(), d.end(), "rename table blog.post to blog.article"), d.end());
  EXPECT_NE(std::find(d.begin(), d.end(), "add column blog.article.views"), d.end());
  ExpectReplays(from, to, result);
}

TEST(RenameDetect, TablesInOtherNamespacesOrShapesAreNotCandidates) {
  auto from = Sch({Tab("auth", "user", {Id(), Str("email", 255)})});
  auto to = Sch({Tab("crm", "user", {Id(), Str("email", 255)}),
                 Tab("auth", "member", {Id(), Str("mail", 255)})});
  Asked asked;
  auto result = Diff(from, to, {{}, {}, asked.Decider()});
  EXPECT_TRUE(asked.seen.empty());
  ExpectReplays(from, to, result);
}

std::pair<schema::Schema, schema::Schema> ColumnRenamePair() {
  auto from_t = Tab("auth", "user", {Id(), Str("email", 255), Str("nick", 50)});
  AddIndex(from_t, {"email"}, true);
  auto to_t = Tab("auth", "user", {Id(), Str("email_address", 255), Str("nick", 50)});
  AddIndex(to_t, {"email_address"}, true);
  return {Sch({from_t}), Sch({to_t})};
}

TEST(RenameDetect, ColumnRenameAccepted) {
  auto [from, to] = ColumnRenamePair();
  Asked asked;
  ChosenRenames chosen;
  auto result = Diff(from, to, {{}, {}, asked.Decider()}, &chosen);
  ASSERT_EQ(asked.seen.size(), 1u);
  EXPECT_EQ(asked.seen[0].kind, RenameCandidate::Kind::kColumn);
  EXPECT_EQ(asked.seen[0].table, "auth.user");
  EXPECT_EQ(asked.seen[0].from, "email");
  EXPECT_EQ(asked.seen[0].to, "email_address");
  EXPECT_EQ(Describe(result), (Strings{"drop index uniq_auth_user_email on auth.user",
                                       "rename column auth.user.email to email_address",
                                       "create index uniq_auth_user_email_address on auth.user"}));
  // The dropped index names the column as it is before the rename (down() recreates it).
  EXPECT_EQ(std::get<ops::DropIndex>(result[0]).index.columns, (Strings{"email"}));
  EXPECT_EQ(chosen.columns,
            (std::map<std::string, std::string>{{"auth.user.email", "email_address"}}));
  ExpectReplays(from, to, result);
}

TEST(RenameDetect, ColumnRenameRefused) {
  auto [from, to] = ColumnRenamePair();
  Asked asked;
  asked.answer = false;
  auto result = Diff(from, to, {{}, {}, asked.Decider()});
  EXPECT_EQ(asked.seen.size(), 1u);
  auto d = Describe(result);
  EXPECT_NE(std::find(d.begin(), d.end(), "drop column auth.user.email"), d.end());
  EXPECT_NE(std::find(d.begin(), d.end(), "add column auth.user.email_address"), d.end());
  ExpectReplays(from, to, result);
}

TEST(RenameDetect, ColumnHintWinsEvenWithAShapeChange) {
  auto [from, to] = ColumnRenamePair();
  to.tables[0].columns[1].length = 320;  // email_address
  Asked asked;
  auto result = Diff(from, to, {{}, {{"auth.user.email", "email_address"}}, asked.Decider()});
  EXPECT_TRUE(asked.seen.empty());
  auto d = Describe(result);
  EXPECT_NE(std::find(d.begin(), d.end(), "rename column auth.user.email to email_address"),
            d.end());
  EXPECT_NE(std::find(d.begin(), d.end(), "alter column auth.user.email_address"), d.end());
  ExpectReplays(from, to, result);
}

TEST(RenameDetect, ColumnOfDifferentShapeIsNotACandidate) {
  auto from = Sch({Tab("auth", "user", {Id(), Str("email", 255)})});
  auto to = Sch({Tab("auth", "user", {Id(), Str("mail", 100)})});
  Asked asked;
  auto result = Diff(from, to, {{}, {}, asked.Decider()});
  EXPECT_TRUE(asked.seen.empty());
  ExpectReplays(from, to, result);
}

TEST(RenameDetect, TableAndColumnRenamedTogether) {
  auto from = Sch({Tab("auth", "user", {Id(), Str("email", 255)})});
  auto to = Sch({Tab("auth", "member", {Id(), Str("mail", 255)})});
  // Not the same columns: only a hint renames the table; the column is then a candidate.
  Asked asked;
  ChosenRenames chosen;
  auto result = Diff(from, to, {{{"auth.user", "member"}}, {}, asked.Decider()}, &chosen);
  ASSERT_EQ(asked.seen.size(), 1u);
  EXPECT_EQ(asked.seen[0].table, "auth.member");
  EXPECT_EQ(Describe(result), (Strings{"rename table auth.user to auth.member",
                                       "rename column auth.member.email to mail"}));
  EXPECT_EQ(chosen.columns, (std::map<std::string, std::string>{{"auth.member.email", "mail"}}));
  ExpectReplays(from, to, result);
  // A column hint may name the table by its old reference.
  Asked none;
  result =
      Diff(from, to, {{{"auth.user", "member"}}, {{"auth.user.email", "mail"}}, none.Decider()});
  EXPECT_TRUE(none.seen.empty());
  EXPECT_EQ(result.size(), 2u);
}

}  // namespace
}  // namespace alab::diff
