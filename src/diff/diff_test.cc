#include "diff/diff.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "diff/diff_test_util.h"

namespace alab::diff {
namespace {

using schema::Type;
using schema::Value;
using testing::AddBelongsTo;
using testing::AddIndex;
using testing::Col;
using testing::Describe;
using testing::Id;
using testing::Sch;
using testing::Str;
using testing::Tab;
using Strings = std::vector<std::string>;

// Diffs from -> to, checks that replaying the ops on `from` gives `to` and that replaying
// their inverses (reverse order) on `to` gives `from` back; returns the ops.
std::vector<ops::Op> DiffChecked(const schema::Schema& from, const schema::Schema& to,
                                 const DiffOptions& options = {}) {
  std::vector<ops::Op> result = Diff(from, to, options);
  schema::Schema state = from;
  std::string err = testing::Replay(result, state);
  EXPECT_EQ(err, "");
  EXPECT_TRUE(schema::SameDatabaseShape(state, to)) << schema::ToJson(state).dump(1) << "\nwanted\n"
                                                    << schema::ToJson(to).dump(1);
  std::vector<ops::Op> down;
  for (auto it = result.rbegin(); it != result.rend(); ++it)
    if (auto inv = ops::Invert(*it)) down.push_back(*inv);
  err = testing::Replay(down, state);
  EXPECT_EQ(err, "");
  EXPECT_TRUE(schema::SameDatabaseShape(state, from)) << schema::ToJson(state).dump(1);
  // Diffing the result again finds nothing (the "synced" check).
  schema::Schema again = from;
  testing::Replay(result, again);
  EXPECT_TRUE(Diff(again, to, options).empty());
  return result;
}

TEST(Diff, IdenticalSchemasGiveNoOperations) {
  EXPECT_TRUE(Diff(testing::Blog(), testing::Blog(), {}).empty());
  EXPECT_TRUE(Diff({}, {}, {}).empty());
}

TEST(Diff, NonCanonicalInputIsOrderedFirst) {
  auto from = testing::Blog();
  auto to = from;
  std::reverse(to.tables.begin(), to.tables.end());
  for (auto& t : to.tables) std::reverse(t.columns.begin(), t.columns.end());
  EXPECT_TRUE(Diff(from, to, {}).empty());
  EXPECT_TRUE(Diff(to, from, {}).empty());
  to.tables[0].columns.pop_back();  // blog.post: its first column, id
  auto result = Diff(from, to, {});
  EXPECT_EQ(Describe(result), (Strings{"drop column blog.post.id"}));
}

TEST(Diff, FirstGenerationCreatesTablesInForeignKeyOrder) {
  auto result = DiffChecked({}, testing::Blog());
  EXPECT_EQ(Describe(result), (Strings{"create table auth.role", "create table auth.user",
                                       "create table auth.role_user", "create table blog.post"}));
  const auto& post = std::get<ops::CreateTable>(result[3]).table;
  EXPECT_EQ(post.foreign_keys.size(), 1u);
  EXPECT_EQ(post.indexes.size(), 1u);
}

TEST(Diff, DropEverythingDropsChildrenFirstWithFullState) {
  auto result = DiffChecked(testing::Blog(), {});
  ASSERT_EQ(result.size(), 4u);
  EXPECT_EQ(Describe(result).back().rfind("drop table auth.", 0), 0u);
  for (const auto& op : result) {
    const auto& t = std::get<ops::DropTable>(op).table;
    EXPECT_FALSE(t.columns.empty()) << t.Ref();  // the before-state, for down()
  }
  EXPECT_EQ(Describe(result)[0] == "drop table auth.role_user" ||
                Describe(result)[0] == "drop table blog.post",
            true);
}

TEST(Diff, AddAndDropColumnsCarryFullColumns) {
  auto from = Sch({Tab("auth", "user", {Id(), Str("email", 255), Col("age", Type::kInteger)})});
  schema::Column phone = testing::Optional(Str("phone", 20));
  phone.docs = "mobile";
  auto to = Sch({Tab("auth", "user", {Id(), Str("email", 255), phone})});
  auto result = DiffChecked(from, to);
  EXPECT_EQ(Describe(result), (Strings{"drop column auth.user.age", "add column auth.user.phone"}));
  EXPECT_EQ(std::get<ops::DropColumn>(result[0]).column.type, Type::kInteger);
  EXPECT_EQ(std::get<ops::AddColumn>(result[1]).column.docs, "mobile");
}

// Each database-visible column property gives exactly one AlterColumn{from, to}.
struct AlterCase {
  const char* name;
  void (*change)(schema::Column&);
};

TEST(Diff, EveryColumnPropertyIsAnAlter) {
  const AlterCase cases[] = {
      {"type",
       [](schema::Column& c) {
         c.type = Type::kText;
         c.length = 0;
       }},
      {"length", [](schema::Column& c) { c.length = 500; }},
      {"nullable", [](schema::Column& c) { c.nullable = true; }},
      {"default", [](schema::Column& c) { c.default_value = Value::String("x@example.com"); }},
      {"sql default",
       [](schema::Column& c) {
         c.default_value = Value::Sql({{"postgres", "lower('A')"}, {"sqlite", "lower('A')"}});
       }},
      {"unique", [](schema::Column& c) { c.unique = true; }},
      {"check", [](schema::Column& c) { c.check = "length(email) > 3"; }},
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.name);
    auto from = Sch({Tab("auth", "user", {Id(), Str("email", 255)})});
    auto to = from;
    k.change(to.tables[0].columns[1]);
    auto result = DiffChecked(from, to);
    ASSERT_EQ(Describe(result), (Strings{"alter column auth.user.email"}));
    const auto& alter = std::get<ops::AlterColumn>(result[0]);
    EXPECT_EQ(alter.from.length, 255);
    EXPECT_TRUE(alter.to.SameDatabaseShape(to.tables[0].columns[1]));
  }
}

TEST(Diff, DecimalPrecisionScaleAndEnumValuesAreAlters) {
  schema::Column price = Col("price", Type::kDecimal);
  price.precision = 10;
  price.scale = 2;
  schema::Column status = Col("status", Type::kEnum);
  status.enum_values = {"a", "b"};
  auto from = Sch({Tab("shop", "item", {Id(), price, status})});
  auto to = from;
  to.tables[0].columns[1].precision = 12;  // price (id, price, status)
  to.tables[0].columns[1].scale = 4;
  to.tables[0].columns[2].enum_values = {"a", "b", "c"};
  auto result = DiffChecked(from, to);
  EXPECT_EQ(Describe(result),
            (Strings{"alter column shop.item.price", "alter column shop.item.status"}));
}

TEST(Diff, ComputedChangeRecreatesTheColumn) {
  schema::Column full = Col("full_name", Type::kText);
  full.computed = schema::Computed{
      schema::Expr{schema::Fn::kConcat, "", {}, {schema::Expr{schema::Fn::kCol, "first", {}, {}}}},
      true};
  auto from = Sch({Tab("auth", "user", {Id(), Col("first", Type::kText), full})});
  auto to = from;
  to.tables[0].columns[2].computed->expr.fn = schema::Fn::kUpper;
  auto result = DiffChecked(from, to);
  EXPECT_EQ(Describe(result),
            (Strings{"drop column auth.user.full_name", "add column auth.user.full_name"}));
}

TEST(Diff, MetadataOnlyDifferencesGiveNoOperations) {
  auto from = testing::Blog();
  auto to = from;
  schema::Column& email = *to.Find("auth.user")->FindColumn("email");
  email.docs = "login";
  email.semantic = "email";
  email.pattern = "^.+@.+$";
  email.format = "email";
  email.min = 3;
  email.deprecated = "use login";
  email.read_only = true;
  to.Find("auth.user")->docs = "people";
  to.Find("auth.user")->searchable = {"email"};
  EXPECT_TRUE(Diff(from, to, {}).empty());
}

TEST(Diff, IndexChangesAreDropAndCreate) {
  auto base = Tab("blog", "post", {Id(), Str("slug", 100), Col("rank", Type::kInteger)});
  auto from_t = base;
  AddIndex(from_t, {"slug"});
  AddIndex(from_t, {"rank"});
  auto to_t = base;
  AddIndex(to_t, {"slug"}, true);               // uniqueness (new default name)
  AddIndex(to_t, {"rank"}, false, "rank > 0");  // same name, now partial
  auto result = DiffChecked(Sch({from_t}), Sch({to_t}));
  EXPECT_EQ(Describe(result), (Strings{"drop index idx_blog_post_rank on blog.post",
                                       "drop index idx_blog_post_slug on blog.post",
                                       "create index idx_blog_post_rank on blog.post",
                                       "create index uniq_blog_post_slug on blog.post"}));
  EXPECT_EQ(std::get<ops::CreateIndex>(result[2]).index.where, "rank > 0");
}

TEST(Diff, IndexRenameAndColumnsChange) {
  auto base = Tab("blog", "post", {Id(), Str("slug", 100), Col("rank", Type::kInteger)});
  auto from_t = base;
  from_t.indexes.push_back(schema::Index{"by_slug", {"slug"}, false, "", {}, false, {}});
  auto to_t = base;
  to_t.indexes.push_back(schema::Index{"by_slug", {"slug", "rank"}, false, "", {}, false, {}});
  to_t.indexes.push_back(schema::Index{"ranked", {"rank"}, false, "", {}, false, {}});
  auto result = DiffChecked(Sch({from_t}), Sch({to_t}));
  EXPECT_EQ(Describe(result),
            (Strings{"drop index by_slug on blog.post", "create index by_slug on blog.post",
                     "create index ranked on blog.post"}));
}

TEST(Diff, ForeignKeyTargetAndActionChangesAreDropAndAdd) {
  auto from = testing::Blog();
  auto to = from;
  auto& post = to.tables[3];
  ASSERT_EQ(post.Ref(), "blog.post");
  post.foreign_keys[0].on_delete = schema::FkAction::kCascade;
  auto result = DiffChecked(from, to);
  EXPECT_EQ(Describe(result), (Strings{"drop foreign key fk_blog_post_author_id on blog.post",
                                       "add foreign key fk_blog_post_author_id on blog.post"}));
  post.foreign_keys[0].ref_table = "auth.role";
  result = DiffChecked(from, to);
  EXPECT_EQ(std::get<ops::AddForeignKey>(result[1]).fk.ref_table, "auth.role");
}

TEST(Diff, DroppedColumnTakesItsForeignKeyAndIndexFirst) {
  auto from = testing::Blog();
  auto to = from;
  auto& post = to.tables[3];
  post.foreign_keys.clear();
  post.indexes.clear();
  post.columns.erase(post.columns.begin() + 1);  // author_id
  auto result = DiffChecked(from, to);
  EXPECT_EQ(Describe(result), (Strings{"drop foreign key fk_blog_post_author_id on blog.post",
                                       "drop index idx_blog_post_author_id on blog.post",
                                       "drop column blog.post.author_id"}));
}

TEST(Diff, ChecksAddDropAndChange) {
  auto base = Tab("auth", "user", {Id(), Col("age", Type::kInteger)});
  auto from_t = base;
  from_t.checks = {{"chk_age", "age >= 18", {}}, {"chk_old", "age < 200", {}}};
  auto to_t = base;
  to_t.checks = {{"chk_age", "age >= 21", {}}, {"chk_new", "age > 0", {}}};
  auto result = DiffChecked(Sch({from_t}), Sch({to_t}));
  EXPECT_EQ(Describe(result),
            (Strings{"drop check chk_age on auth.user", "drop check chk_old on auth.user",
                     "add check chk_age on auth.user", "add check chk_new on auth.user"}));
}

TEST(Diff, JunctionTableAddedLater) {
  auto from = testing::Blog();
  from.tables.erase(from.tables.begin() + 1);  // auth.role_user
  auto result = DiffChecked(from, testing::Blog());
  ASSERT_EQ(Describe(result), (Strings{"create table auth.role_user"}));
  EXPECT_TRUE(std::get<ops::CreateTable>(result[0]).table.junction);
}

TEST(Diff, ForeignKeyCycleIsBrokenWithALaterConstraint) {
  auto a = Tab("app", "a", {Id()});
  auto b = Tab("app", "b", {Id()});
  AddBelongsTo(a, "b_id", "app.b", schema::FkAction::kNoAction, true);
  AddBelongsTo(b, "a_id", "app.a", schema::FkAction::kNoAction, true);
  auto result = DiffChecked({}, Sch({a, b}));
  EXPECT_EQ(Describe(result), (Strings{"create table app.a", "create table app.b",
                                       "add foreign key fk_app_a_b_id on app.a"}));
}

}  // namespace
}  // namespace alab::diff
