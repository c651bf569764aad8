// Golden render tests: every operation kind and every type change, rendered for SQLite and
// PostgreSQL, compared with testdata/render/<case>.txt (ALAB_UPDATE_GOLDEN=1 rewrites).
#include <functional>

#include <gtest/gtest.h>

#include "dialect/dialect.h"
#include "dialect/sqlite/render_test_util.h"
#include "test_support.h"

namespace alab::dialect {
namespace {

using schema::Type;
using schema::Value;
using testing::AlterPost;
using testing::BlogSchema;
using testing::Col;
using testing::ColumnOf;
using testing::Dec;
using testing::Enum;
using testing::EveryTypeTable;
using testing::IdCol;
using testing::Str;

std::string RenderSection(const std::string& dialect, const schema::Schema& base,
                          const std::vector<ops::Op>& ops) {
  auto d = MakeDialect(dialect);
  auto r = RenderAll(*d, ops, base);
  std::string out = "-- " + dialect + "\n";
  if (!r.ok()) return out + "ERROR: " + r.error().message + "\n";
  for (const auto& s : *r) out += (s.needs_foreign_keys_off ? "/* fk off */ " : "") + s.sql + ";\n";
  return out;
}

std::string Section(const std::string& title, const schema::Schema& base,
                    const std::vector<ops::Op>& ops) {
  return "== " + title + "\n" + RenderSection("sqlite", base, ops) +
         RenderSection("postgres", base, ops) + "\n";
}

void ExpectGolden(const std::string& name, const std::string& text) {
  std::string diff = alab::testing::CompareGolden(
      alab::testing::SourceDir() / "testdata/render" / (name + ".txt"), text);
  EXPECT_EQ(diff, "") << name;
}

void Case(const std::string& name, const std::vector<ops::Op>& ops,
          schema::Schema base = BlogSchema()) {
  ExpectGolden(name, Section(name, base, ops));
}

TEST(RenderGoldenTest, CreateTableEveryType) {
  Case("create_table_every_type", {ops::CreateTable{EveryTypeTable(), {}}});
}

TEST(RenderGoldenTest, DropTable) {
  schema::Table named;
  named.ns = "blog";
  named.name = "post";
  Case("drop_table", {ops::DropTable{named, {}}});
}

TEST(RenderGoldenTest, RenameTable) {
  Case("rename_table", {ops::RenameTable{"auth.user", "auth.account", {}},
                        ops::RenameTable{"blog.post", "blog.article", {}}});
}

TEST(RenderGoldenTest, AddColumn) {
  schema::Column with_default = Col("views", Type::kInteger);
  with_default.default_value = Value::Number("0");
  schema::Column backfilled = Str("slug", 80);
  backfilled.backfill = Value::String("untitled");
  schema::Column unique = Str("handle", 40, true);
  unique.unique = true;
  schema::Column stamp = Col("published_at", Type::kDatetime);
  stamp.default_value = Value::Sql({{"postgres", "now()"}, {"sqlite", "CURRENT_TIMESTAMP"}});
  schema::Column flag = Col("pinned", Type::kBoolean);
  flag.default_value = Value::Bool(false);
  std::string out;
  out += Section("nullable", BlogSchema(),
                 {ops::AddColumn{"blog.post", Col("summary", Type::kText, true), {}}});
  out += Section("constant default", BlogSchema(), {ops::AddColumn{"blog.post", with_default, {}}});
  out += Section("boolean default (check)", BlogSchema(), {ops::AddColumn{"blog.post", flag, {}}});
  schema::Column numeric_flag = Col("featured", Type::kBoolean);
  numeric_flag.default_value = Value::Number("1");
  out += Section("boolean default given as a number", BlogSchema(),
                 {ops::AddColumn{"blog.post", numeric_flag, {}}});
  out += Section("not null with backfill", BlogSchema(),
                 {ops::AddColumn{"blog.post", backfilled, {}}});
  out += Section("not null without default", BlogSchema(),
                 {ops::AddColumn{"blog.post", Col("body", Type::kText), {}}});
  out += Section("unique", BlogSchema(), {ops::AddColumn{"blog.post", unique, {}}});
  out += Section("sql default", BlogSchema(), {ops::AddColumn{"blog.post", stamp, {}}});
  ExpectGolden("add_column", out);
}

TEST(RenderGoldenTest, DropColumn) {
  std::string out;
  out += Section("plain", BlogSchema(),
                 {ops::DropColumn{"blog.post", Col("rating", Type::kText), {}}});
  out += Section("indexed enum", BlogSchema(),
                 {ops::DropColumn{"blog.post", Col("status", Type::kText), {}}});
  out += Section("foreign key", BlogSchema(),
                 {ops::DropColumn{"blog.post", Col("author_id", Type::kText), {}}});
  out += Section("unique", BlogSchema(),
                 {ops::DropColumn{"auth.user", Col("email", Type::kText), {}}});
  ExpectGolden("drop_column", out);
}

TEST(RenderGoldenTest, RenameColumn) {
  Case("rename_column", {ops::RenameColumn{"blog.post", "status", "state", {}},
                         ops::RenameColumn{"auth.user", "email", "email_address", {}}});
}

TEST(RenderGoldenTest, AlterColumnAttributes) {
  std::string out;
  schema::Column title = ColumnOf(BlogSchema(), "blog.post", "title");
  schema::Column rating = ColumnOf(BlogSchema(), "blog.post", "rating");
  schema::Column status = ColumnOf(BlogSchema(), "blog.post", "status");
  auto with = [](schema::Column c, const std::function<void(schema::Column&)>& f) {
    f(c);
    return c;
  };
  out += Section("nullable", BlogSchema(),
                 {AlterPost("title", with(title, [](auto& c) { c.nullable = true; }))});
  out += Section("not null with backfill", BlogSchema(),
                 {AlterPost("rating", with(rating, [](auto& c) {
                              c.nullable = false;
                              c.backfill = Value::Number("0");
                            }))});
  out += Section(
      "set default", BlogSchema(),
      {AlterPost("rating", with(rating, [](auto& c) { c.default_value = Value::Number("5"); }))});
  out += Section("drop default", BlogSchema(),
                 {AlterPost("status", with(status, [](auto& c) { c.default_value.reset(); }))});
  out += Section(
      "set check", BlogSchema(),
      {AlterPost("rating", with(rating, [](auto& c) { c.check = "\"rating\" BETWEEN 1 AND 5"; }))});
  out += Section("set unique", BlogSchema(),
                 {AlterPost("title", with(title, [](auto& c) { c.unique = true; }))});
  ExpectGolden("alter_column_attributes", out);
}

TEST(RenderGoldenTest, AlterColumnTypes) {
  schema::Table t;
  t.ns = "lab";
  t.name = "t";
  std::vector<schema::Column> cols = {IdCol(),
                                      Col("u", Type::kUuid),
                                      Str("s", 50),
                                      Col("x", Type::kText),
                                      Col("i", Type::kInteger),
                                      Col("f", Type::kFloat),
                                      Dec("d", 10, 2),
                                      Col("b", Type::kBoolean),
                                      Col("da", Type::kDate),
                                      Col("ti", Type::kTime),
                                      Col("dt", Type::kDatetime),
                                      Col("j", Type::kJson),
                                      Col("bl", Type::kBase64),
                                      Enum("e", {"a", "b"})};
  t.columns = cols;
  schema::Canonicalize(t);
  schema::Schema base;
  base.tables = {t};
  struct Change {
    std::string col;
    schema::Column to;
  };
  std::vector<Change> changes = {
      {"u", Col("", Type::kText)},
      {"u", Str("", 36)},
      {"s", Str("", 100)},
      {"s", Str("", 20)},
      {"s", Col("", Type::kText)},
      {"s", Col("", Type::kInteger)},
      {"x", Str("", 20)},
      {"x", Col("", Type::kInteger)},
      {"x", Col("", Type::kJson)},
      {"x", Enum("", {"a", "b"})},
      {"i", Col("", Type::kFloat)},
      {"i", Dec("", 12, 2)},
      {"i", Col("", Type::kText)},
      {"i", Col("", Type::kBoolean)},
      {"f", Col("", Type::kInteger)},
      {"f", Dec("", 10, 2)},
      {"d", Dec("", 12, 4)},
      {"d", Dec("", 5, 1)},
      {"d", Col("", Type::kFloat)},
      {"b", Col("", Type::kInteger)},
      {"b", Col("", Type::kText)},
      {"da", Col("", Type::kDatetime)},
      {"da", Col("", Type::kText)},
      {"ti", Col("", Type::kText)},
      {"dt", Col("", Type::kDate)},
      {"dt", Col("", Type::kText)},
      {"j", Col("", Type::kText)},
      {"bl", Col("", Type::kText)},
      {"e", Enum("", {"a", "b", "c"})},
      {"e", Enum("", {"a"})},
      {"e", Col("", Type::kText)},
  };
  std::string out;
  for (const auto& ch : changes) {
    schema::Column from = *t.FindColumn(ch.col);
    schema::Column to = ch.to;
    to.name = ch.col;
    std::string title =
        ch.col + ": " + schema::TypeName(from.type) + " -> " + schema::TypeName(to.type);
    ops::AlterColumn op{"lab.t", from, to, std::nullopt, {}};
    title += ops::IsDestructive(op) ? " (destructive)" : "";
    out += Section(title, base, {op});
  }
  ExpectGolden("alter_column_types", out);
}

TEST(RenderGoldenTest, Indexes) {
  Case("indexes",
       {ops::CreateIndex{"blog.post",
                         schema::Index{"uniq_blog_post_author_id_title",
                                       {"author_id", "title"},
                                       true,
                                       "\"status\" = 'published'",
                                       {},
                                       false,
                                       {}},
                         {}},
        ops::DropIndex{
            "", schema::Index{"idx_blog_post_status", {}, false, "", {}, false, {}}, {}}});
}

TEST(RenderGoldenTest, ForeignKeys) {
  Case(
      "foreign_keys",
      {ops::DropForeignKey{"blog.post",
                           schema::ForeignKey{"fk_blog_post_author_id", {}, "", {}, {}, {}, {}, {}},
                           {}},
       ops::AddForeignKey{"blog.post",
                          schema::ForeignKey{"fk_blog_post_author",
                                             {"author_id"},
                                             "auth.user",
                                             {"id"},
                                             schema::FkAction::kRestrict,
                                             schema::FkAction::kCascade,
                                             schema::FkDeferral::kNot,
                                             {}},
                          {}}});
}

TEST(RenderGoldenTest, Checks) {
  Case("checks",
       {ops::AddCheck{"auth.user", schema::Check{"email_has_at", "\"email\" LIKE '%@%'", {}}, {}},
        ops::DropCheck{"blog.post", schema::Check{"title_not_empty", "", {}}, {}}});
}

TEST(RenderGoldenTest, RawSql) {
  Case("raw_sql", {ops::RawSql{{{"postgres", "CREATE EXTENSION IF NOT EXISTS citext"}}, {}, {}},
                   ops::RawSql{{{"sqlite", "PRAGMA optimize"}}, {}, {}},
                   ops::RawSql{{{"postgres", "SELECT 1"}, {"sqlite", "SELECT 1"}},
                               {{"postgres", "SELECT 2"}, {"sqlite", "SELECT 2"}},
                               {}}});
}

TEST(RenderGoldenTest, QuotingIsNeverInjectable) {
  schema::Table t;
  t.ns = "";
  t.name = "we\"ird; DROP TABLE x; --";
  schema::Column c = Col("na\"me", Type::kText);
  c.default_value = Value::String("it's \\ a ; -- test ' OR '1'='1 é€😀");
  schema::Column e = Enum("kind", {"o'neil", "back\\slash", "semi;colon"});
  t.columns = {IdCol(), e, c};
  Case("quoting", {ops::CreateTable{t, {}}}, schema::Schema{});
}

TEST(RenderGoldenTest, ForeignKeyCycleOrdered) {
  auto table = [](const std::string& name, const std::string& ref) {
    schema::Table t;
    t.ns = "org";
    t.name = name;
    std::string col = ref + "_id";
    t.columns = {IdCol(), Col(col, Type::kUuid, true)};
    t.foreign_keys = {schema::ForeignKey{schema::ForeignKeyName("org_" + name, {col}),
                                         {col},
                                         "org." + ref,
                                         {"id"},
                                         schema::FkAction::kSetNull,
                                         schema::FkAction::kNoAction,
                                         schema::FkDeferral::kNot,
                                         {}}};
    return t;
  };
  auto ordered = ops::Order(
      {ops::CreateTable{table("team", "lead"), {}}, ops::CreateTable{table("lead", "team"), {}}});
  Case("fk_cycle", ordered, schema::Schema{});
}

TEST(RenderGoldenTest, RenameThenRebuild) {
  schema::Column state = Enum("state", {"draft", "published", "archived"});
  state.default_value = Value::String("draft");
  Case("rename_then_rebuild",
       {ops::RenameColumn{"blog.post", "status", "state", {}},
        ops::AlterColumn{"blog.post",
                         Col("state", Type::kText),
                         {},
                         ops::ColumnChange{state, std::nullopt, std::nullopt, false, std::nullopt,
                                           std::nullopt, std::nullopt, std::nullopt},
                         {}}});
}

TEST(RenderGoldenTest, ErrorsNameTheOperation) {
  schema::Column stamp = Col("at", Type::kDatetime);
  stamp.default_value = Value::Sql({{"postgres", "now()"}, {"sqlite", ""}});
  auto d = MakeDialect("sqlite");
  auto r = RenderAll(*d, {ops::AddColumn{"blog.post", stamp, {"migrations/002_x.js", 4, 7, 0}}},
                     BlogSchema());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "migrations/002_x.js:4:7: add column blog.post.at: column 'at': the sql() value has no "
            "SQLite expression");
  auto missing =
      RenderAll(*d, {ops::DropColumn{"blog.post", Col("nope", Type::kText), {}}}, BlogSchema());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "drop column blog.post.nope: column 'nope' does not exist in blog.post");
  EXPECT_EQ(FindDialect("mysql"), nullptr);
  EXPECT_EQ(r.error().code, ExitCode::kUserError);
  EXPECT_EQ(missing.error().code, ExitCode::kUserError);
}

// What a dialect cannot express is a user error before anything renders, never an internal
// one: a SQLite rebuild writes every column of its table again, so a column that holds only
// another dialect's sql() default (a schema read from elsewhere) is named; PostgreSQL refuses
// a change of the primary-key flag; an operation on a table that does not exist is refused by
// ops::Resolve, whatever the operation.
TEST(RenderGoldenTest, WhatADialectCannotExpressIsAUserError) {
  schema::Schema s = BlogSchema();
  schema::Column at = Col("at", Type::kDatetime);
  at.default_value = Value::Sql({{"postgres", "now()"}});
  s.Find("blog.post")->columns.push_back(at);
  schema::Column from = *s.Find("blog.post")->FindColumn("rating");
  schema::Column to = from;
  to.nullable = false;
  to.default_value = Value::Number("0");
  auto rebuilt =
      RenderAll(*MakeDialect("sqlite"), {ops::AlterColumn{"blog.post", from, to, {}, {}}}, s);
  ASSERT_FALSE(rebuilt.ok());
  EXPECT_EQ(rebuilt.error().code, ExitCode::kUserError);
  EXPECT_NE(rebuilt.error().message.find("column 'at': the sql() value has no SQLite expression"),
            std::string::npos)
      << rebuilt.error().message;
  // The same change on PostgreSQL does not touch the other columns.
  EXPECT_TRUE(
      RenderAll(*MakeDialect("postgres"), {ops::AlterColumn{"blog.post", from, to, {}, {}}}, s)
          .ok());

  schema::Column id = *s.Find("auth.user")->FindColumn("id");
  schema::Column not_key = id;
  not_key.primary_key = false;
  auto pk = RenderAll(*MakeDialect("postgres"),
                      {ops::AlterColumn{"auth.user", id, not_key, {}, {"m.js", 3, 5, 0}}}, s);
  ASSERT_FALSE(pk.ok());
  EXPECT_EQ(pk.error().code, ExitCode::kUserError);
  EXPECT_EQ(pk.error().message,
            "m.js:3:5: alter column auth.user.id: changing the primary key of auth.user is not "
            "supported");

  // The altered column itself, on both sides of the change: SQLite compares the two column
  // definitions to decide on a rebuild (also when it decides whether the op folds), PostgreSQL
  // reads the old default.
  schema::Column plain = *s.Find("blog.post")->FindColumn("rating");
  schema::Column pg_only = plain;
  pg_only.default_value = Value::Sql({{"postgres", "floor(random() * 10)::int"}});
  auto to_pg_only = RenderAll(*MakeDialect("sqlite"),
                              {ops::AlterColumn{"blog.post", plain, pg_only, {}, {}},
                               ops::AlterColumn{"blog.post", pg_only, plain, {}, {}}},
                              s);
  ASSERT_FALSE(to_pg_only.ok());
  EXPECT_EQ(to_pg_only.error().code, ExitCode::kUserError);
  EXPECT_NE(to_pg_only.error().message.find("column 'rating': the sql() value has no SQLite"),
            std::string::npos)
      << to_pg_only.error().message;
  schema::Column sqlite_only = plain;
  sqlite_only.default_value = Value::Sql({{"sqlite", "unixepoch()"}});
  s.Find("blog.post")->FindColumn("rating")->default_value = sqlite_only.default_value;
  auto from_sqlite_only = RenderAll(*MakeDialect("postgres"),
                                    {ops::AlterColumn{"blog.post", sqlite_only, plain, {}, {}}}, s);
  ASSERT_FALSE(from_sqlite_only.ok());
  EXPECT_EQ(from_sqlite_only.error().code, ExitCode::kUserError);
  EXPECT_NE(
      from_sqlite_only.error().message.find("column 'rating': the sql() value has no PostgreSQL"),
      std::string::npos)
      << from_sqlite_only.error().message;

  for (const char* name : {"sqlite", "postgres"}) {
    auto missing = RenderAll(
        *MakeDialect(name),
        {ops::CreateIndex{
            "blog.nope", schema::Index{"i", {"x"}, false, "", {}, false, {}}, {"m.js", 7, 3, 0}}},
        s);
    ASSERT_FALSE(missing.ok()) << name;
    EXPECT_EQ(missing.error().code, ExitCode::kUserError);
    EXPECT_EQ(missing.error().message,
              "m.js:7:3: create index i on blog.nope: table 'blog.nope' does not exist")
        << name;
  }
}

TEST(RenderGoldenTest, StatementsKnowWhy) {
  diag::SourceLoc loc{"migrations/003_y.js", 9, 3, 0};
  for (const char* name : {"sqlite", "postgres"}) {
    auto r =
        RenderAll(*MakeDialect(name),
                  {ops::AddCheck{"auth.user", schema::Check{"c", "1 = 1", {}}, loc}}, BlogSchema());
    ASSERT_TRUE(r.ok());
    ASSERT_FALSE(r->empty());
    for (const auto& s : *r) {
      EXPECT_EQ(s.why, "add check c on auth.user");
      EXPECT_EQ(s.loc, loc);
    }
  }
}

TEST(RenderGoldenTest, RendersAThousandTables) {
  std::vector<ops::Op> list;
  for (int i = 0; i < 1000; ++i) {
    schema::Table t;
    t.ns = "ns" + std::to_string(i % 10);
    t.name = "t" + std::to_string(i);
    t.columns = {IdCol(), Str("name", 80), Col("n", Type::kInteger, true),
                 Col("parent_id", Type::kUuid, true)};
    if (i > 0) {
      std::string parent = "ns" + std::to_string((i - 1) % 10) + ".t" + std::to_string(i - 1);
      t.foreign_keys = {schema::ForeignKey{
          "fk_" + t.SqlName() + "_parent_id", {"parent_id"}, parent, {"id"}, {}, {}, {}, {}}};
    }
    t.indexes = {schema::Index{"idx_" + t.SqlName() + "_name", {"name"}, false, "", {}, false, {}}};
    list.push_back(ops::CreateTable{t, {}});
  }
  auto ordered = ops::Order(list);
  for (const char* name : {"sqlite", "postgres"}) {
    auto r = RenderAll(*MakeDialect(name), ordered, schema::Schema{});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->size(), 2000u);
  }
}

}  // namespace
}  // namespace alab::dialect
