#include "codegen/migration_writer.h"

#include <gtest/gtest.h>

#include "codegen/presets.h"
#include "diff/diff.h"
#include "diff/diff_test_util.h"
#include "test_support.h"

namespace alab::codegen {
namespace {

using diff::testing::AddBelongsTo;
using diff::testing::AddIndex;
using diff::testing::Col;
using diff::testing::Id;
using diff::testing::Sch;
using diff::testing::Str;
using diff::testing::Tab;
using schema::Type;
using schema::Value;

// The blog schema with the timestamps and soft-delete presets.
schema::Schema BlogWithPresets() {
  schema::Schema s = diff::testing::Blog();
  for (auto& t : s.tables) {
    if (t.junction) continue;
    t.columns.push_back(PresetCreatedAt());
    t.columns.push_back(PresetUpdatedAt());
    if (t.Ref() == "blog.post") t.columns.push_back(PresetDeletedAt());
  }
  schema::Canonicalize(s);
  return s;
}

// A table using every column type and modifier the IR has.
schema::Table Everything() {
  auto t = Tab("shop", "item", {Id()});
  auto add = [&](schema::Column c) { t.columns.push_back(std::move(c)); };
  add(Str("sku", 50));
  add(diff::testing::Optional(Col("description", Type::kText)));
  schema::Column price = Col("price", Type::kDecimal);
  price.precision = 10;
  price.scale = 2;
  price.min = 0;
  price.max = 1e6;
  price.semantic = "money";
  add(price);
  add(diff::testing::WithDefault(Col("stock", Type::kInteger), Value::Number("0")));
  add(diff::testing::WithDefault(Col("ratio", Type::kFloat), Value::Number("0.5")));
  add(diff::testing::WithDefault(Col("available", Type::kBoolean), Value::Bool(true)));
  schema::Column category = Col("category", Type::kEnum);
  category.enum_values = {"electronics", "clothing", "food"};
  category.default_value = Value::String("food");
  add(category);
  add(Col("released_on", Type::kDate));
  add(Col("opens_at", Type::kTime));
  add(diff::testing::WithDefault(
      Col("seen_at", Type::kDatetime),
      Value::Sql({{"postgres", "now()"}, {"sqlite", "CURRENT_TIMESTAMP"}})));
  add(diff::testing::WithDefault(Col("attrs", Type::kJson), Value::Json("{\"tags\":[\"a\"]}")));
  add(diff::testing::Optional(Col("thumbnail", Type::kBase64)));
  add(Col("external_id", Type::kUuid));
  schema::Column email = Str("contact", 255);
  email.pattern = "^[^@]+@[^@]+$";
  email.format = "email";
  email.docs = "Who to ask about \"this\" item";
  email.deprecated = "";
  email.read_only = true;
  add(email);
  schema::Column secret = Str("secret", 64);
  secret.write_only = true;
  secret.check = "length(secret) >= 8";
  secret.unique = true;
  add(secret);
  schema::Column label = Col("label", Type::kText);
  label.computed = schema::Computed{
      schema::Expr{
          schema::Fn::kConcat,
          "",
          {},
          {schema::Expr{
               schema::Fn::kUpper, "", {}, {schema::Expr{schema::Fn::kCol, "sku", {}, {}}}},
           schema::Expr{schema::Fn::kLit, "", Value::String(": "), {}},
           schema::Expr{schema::Fn::kCol, "description", {}, {}}}},
      false};
  add(label);
  AddBelongsTo(t, "brand_id", "shop.brand", schema::FkAction::kSetNull, true);
  AddBelongsTo(t, "owner_id", "auth.user", schema::FkAction::kCascade);
  t.foreign_keys.back().on_update = schema::FkAction::kRestrict;
  // A FK that is not belongs_to-shaped: another name.
  t.columns.push_back(Col("maker", Type::kUuid));
  t.foreign_keys.push_back(schema::ForeignKey{"maker_fk",
                                              {"maker"},
                                              "shop.brand",
                                              {"id"},
                                              schema::FkAction::kNoAction,
                                              schema::FkAction::kNoAction,
                                              schema::FkDeferral::kNot,
                                              {}});
  AddIndex(t, {"category", "price"});
  AddIndex(t, {"sku"}, true, "deleted IS NULL");
  t.indexes.push_back(schema::Index{"by_release", {"released_on"}, false, "", {}, false, {}});
  t.checks.push_back(schema::Check{"chk_stock", "stock >= 0", {}});
  schema::Canonicalize(t);
  return t;
}

std::string Generate(const schema::Schema& from, const schema::Schema& to,
                     const std::string& revision, std::vector<std::string> parents,
                     const std::string& description, const diff::DiffOptions& options = {}) {
  diff::ChosenRenames chosen;
  MigrationSpec spec;
  spec.revision = revision;
  spec.down_revisions = std::move(parents);
  spec.description = description;
  spec.up = diff::Diff(from, to, options, &chosen);
  spec.down = InverseOps(spec.up);
  spec.rename_tables = chosen.tables;
  spec.rename_columns = chosen.columns;
  return WriteMigration(spec);
}

void ExpectGolden(const std::string& name, const std::string& text) {
  std::string diff = alab::testing::CompareGolden(
      alab::testing::SourceDir() / "testdata/codegen" / (name + ".js"), text);
  EXPECT_EQ(diff, "");
}

schema::Schema WithBrand(schema::Schema s) {
  s.tables.push_back(Tab("shop", "brand", {Id(), Str("name", 100)}));
  s.tables.push_back(Everything());
  schema::Canonicalize(s);
  return s;
}

TEST(MigrationWriter, FirstGeneration) {
  ExpectGolden("first_generation",
               Generate({}, BlogWithPresets(), "001", {}, "Create auth and blog tables"));
}

TEST(MigrationWriter, EveryColumnTypeAndModifier) {
  ExpectGolden("every_column", Generate(BlogWithPresets(), WithBrand(BlogWithPresets()), "002",
                                        {"001"}, "Add the shop"));
}

TEST(MigrationWriter, DropsAreRecreatedInDown) {
  ExpectGolden("drop_tables", Generate(WithBrand(BlogWithPresets()), BlogWithPresets(), "003",
                                       {"002"}, "Remove the shop"));
}

TEST(MigrationWriter, ColumnChanges) {
  auto from = BlogWithPresets();
  auto to = from;
  auto& user = *to.Find("auth.user");
  user.FindColumn("email")->length = 320;
  user.FindColumn("email")->unique = false;
  user.FindColumn("password")->nullable = true;
  user.FindColumn("is_active")->default_value.reset();
  user.FindColumn("username")->check = "length(username) >= 3";
  user.FindColumn("username")->default_value =
      Value::Sql({{"postgres", "'anon'"}, {"sqlite", "'anon'"}});
  user.columns.push_back(
      diff::testing::WithDefault(Col("age", Type::kInteger), Value::Number("18")));
  user.columns.back().backfill = Value::Number("21");
  auto& post = to.tables[3];
  post.FindColumn("status")->enum_values.push_back("archived");
  post.FindColumn("title")->type = Type::kText;
  post.FindColumn("title")->length = 0;
  post.columns.erase(post.columns.begin() + 2);  // body
  post.checks.push_back(schema::Check{"chk_title", "length(title) > 0", {}});
  schema::Canonicalize(to);
  ExpectGolden("column_changes", Generate(from, to, "004", {"003"}, "Change columns"));
}

TEST(MigrationWriter, RenamesAndMerge) {
  auto from = BlogWithPresets();
  auto to = from;
  to.tables[3].name = "article";
  for (auto& fk : to.tables[3].foreign_keys)
    fk.name = schema::ForeignKeyName("blog_article", fk.columns);
  for (auto& i : to.tables[3].indexes)
    i.name = schema::IndexName("blog_article", i.columns, i.unique);
  to.Find("auth.user")->FindColumn("email")->name = "email_address";
  schema::Canonicalize(to);
  diff::DiffOptions options;
  options.decide = [](const diff::RenameCandidate&) { return true; };
  ExpectGolden("renames",
               Generate(from, to, "005", {"003", "004"}, "Rename posts to articles", options));
}

TEST(MigrationWriter, IndexesForeignKeysChecksAndRawSql) {
  auto from = BlogWithPresets();
  auto to = from;
  auto& post = to.tables[3];
  post.indexes.push_back(schema::Index{
      "idx_post_published", {"status", "title"}, false, "status = 'published'", {}, false, {}});
  post.foreign_keys[0].on_delete = schema::FkAction::kCascade;
  post.foreign_keys[0].name = "post_author";
  schema::Canonicalize(to);
  MigrationSpec spec;
  spec.revision = "006";
  spec.down_revisions = {"005"};
  spec.description = "Index \"published\" posts";
  spec.up = diff::Diff(from, to, {});
  spec.up.push_back(ops::RawSql{{{"postgres", "CREATE EXTENSION IF NOT EXISTS pgcrypto"}}, {}, {}});
  spec.up.push_back(ops::RawSql{{{"postgres", "UPDATE blog_post SET status = 'draft'"},
                                 {"sqlite", "UPDATE blog_post SET status = 'draft'"}},
                                {{"postgres", "SELECT 1"}, {"sqlite", "SELECT 1"}},
                                {}});
  spec.up.push_back(
      ops::RawSql{{{"postgres", "SELECT now()"}, {"sqlite", "SELECT datetime('now')"}}, {}, {}});
  spec.down = InverseOps(spec.up);
  ExpectGolden("indexes_fks_sql", WriteMigration(spec));
}

TEST(MigrationWriter, EmptyMigration) {
  MigrationSpec spec;
  spec.revision = "007";
  spec.down_revisions = {"006"};
  spec.description = "";
  EXPECT_EQ(WriteMigration(spec),
            "export default migration({\n"
            "  description: \"\",\n"
            "  up_revision: \"007\",\n"
            "  down_revision: \"006\",\n"
            "  up(m) {},\n"
            "  down(m) {},\n"
            "});\n");
}

TEST(MigrationWriter, Deterministic) {
  auto a = Generate({}, WithBrand(BlogWithPresets()), "001", {}, "All");
  auto b = Generate({}, WithBrand(BlogWithPresets()), "001", {}, "All");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.back(), '\n');
}

TEST(MigrationWriter, InverseOpsReverseAndRecreateDrops) {
  auto up = diff::Diff(WithBrand(BlogWithPresets()), BlogWithPresets(), {});
  auto down = InverseOps(up);
  ASSERT_EQ(down.size(), up.size());
  EXPECT_TRUE(std::holds_alternative<ops::CreateTable>(down.front()) ||
              std::holds_alternative<ops::AddForeignKey>(down.front()));
  for (const auto& op : down) {
    if (const auto* c = std::get_if<ops::CreateTable>(&op)) {
      EXPECT_FALSE(c->table.columns.empty());
    }
  }
}

}  // namespace
}  // namespace alab::codegen
