// Round trip: WriteMigration -> LoadMigrationText (the real loader) -> resolve + apply
// on the IR reaches the target schema exactly (column metadata included), and the
// file's down() returns to the start.
#include <gtest/gtest.h>

#include "codegen/migration_writer.h"
#include "codegen/presets.h"
#include "diff/diff.h"
#include "diff/diff_test_util.h"
#include "migration/load.h"

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

// What a migration file can express: everything but table-level export metadata
// (docs, sort_by, ...), the junction marker, and backfill values (used once).
nlohmann::ordered_json Expressible(schema::Schema s) {
  for (auto& t : s.tables) {
    t.docs.clear();
    t.deprecated.reset();
    t.sort_by.clear();
    t.searchable.clear();
    t.filterable.clear();
    t.meta = nlohmann::json::object();
    t.junction = false;
    for (auto& c : t.columns) c.backfill.reset();
  }
  schema::Canonicalize(s);
  return schema::ToJson(s);
}

std::string Replay(const std::vector<ops::Op>& file_ops, schema::Schema& state) {
  for (ops::Op op : file_ops) {
    Status st = ops::Resolve(op, state);
    if (st.ok()) st = ops::Apply(op, state);
    if (!st.ok()) return ops::Describe(op) + ": " + st.error().message;
  }
  schema::Canonicalize(state);
  return "";
}

// Generates the migration from -> to, evaluates it and replays both directions.
std::string RoundTrip(const schema::Schema& from, const schema::Schema& to,
                      const diff::DiffOptions& options = {}) {
  diff::ChosenRenames chosen;
  MigrationSpec spec;
  spec.revision = "002";
  spec.down_revisions = {"001"};
  spec.description = "round trip";
  spec.up = diff::Diff(from, to, options, &chosen);
  spec.down = InverseOps(spec.up);
  spec.rename_tables = chosen.tables;
  spec.rename_columns = chosen.columns;
  std::string text = WriteMigration(spec);
  diag::DiagnosticSink diags;
  diags.AddSource("migrations/002_round_trip.js", text);
  migration::Migration m =
      migration::LoadMigrationText("migrations/002_round_trip.js", text, diags);
  EXPECT_FALSE(diags.has_errors()) << diags.Render() << "\n" << text;
  EXPECT_EQ(m.revision, "002");
  EXPECT_EQ(m.down_revisions, std::vector<std::string>{"001"});
  EXPECT_EQ(m.rename_tables, chosen.tables);
  EXPECT_EQ(m.rename_columns, chosen.columns);
  schema::Schema state = from;
  std::string err = Replay(m.up, state);
  EXPECT_EQ(err, "") << text;
  EXPECT_EQ(Expressible(state).dump(1), Expressible(to).dump(1)) << text;
  err = Replay(m.down, state);
  EXPECT_EQ(err, "") << text;
  EXPECT_EQ(Expressible(state).dump(1), Expressible(from).dump(1)) << text;
  return text;
}

schema::Schema Blog() {
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

schema::Column Semantic(const std::string& semantic, const std::string& name) {
  return *PresetSemantic(semantic, name);
}

// Every type, modifier, semantic type and helper the IR can hold in one table.
schema::Schema Shop() {
  auto brand = Tab("shop", "brand", {Id(), Str("name", 100)});
  auto tag = Tab("shop", "tag", {PresetId("tag_key"), Str("label", 40)});
  auto item = Tab("shop", "item", {Id()});
  auto add = [&](schema::Column c) { item.columns.push_back(std::move(c)); };
  schema::Column price = Col("price", Type::kDecimal);
  price.precision = 10;
  price.scale = 2;
  price.min = 0.5;
  price.max = 1e6;
  add(price);
  add(diff::testing::WithDefault(Col("stock", Type::kInteger), Value::Number("-3")));
  add(diff::testing::WithDefault(Col("ratio", Type::kFloat), Value::Number("0.25")));
  add(diff::testing::WithDefault(Col("available", Type::kBoolean), Value::Bool(false)));
  schema::Column category = Col("category", Type::kEnum);
  category.enum_values = {"electronics", "clothing", "food"};
  category.default_value = Value::String("food");
  add(category);
  add(Col("released_on", Type::kDate));
  add(diff::testing::Optional(Col("opens_at", Type::kTime)));
  add(diff::testing::WithDefault(
      Col("seen_at", Type::kDatetime),
      Value::Sql({{"postgres", "now()"}, {"sqlite", "datetime('now')"}})));
  add(diff::testing::WithDefault(Col("attrs", Type::kJson), Value::Json("{\"tags\":[\"a\",1]}")));
  add(diff::testing::WithDefault(Col("list", Type::kJson), Value::Json("[]")));
  add(diff::testing::Optional(Col("thumbnail", Type::kBase64)));
  add(Col("external_id", Type::kUuid));
  schema::Column contact = Str("contact", 255);
  contact.pattern = "^[^@]+@[^@]+$";
  contact.format = "email";
  contact.docs = "Who to ask about \"this\" item\n(second line)";
  contact.deprecated = "";
  contact.read_only = true;
  add(contact);
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
               schema::Fn::kUpper, "", {}, {schema::Expr{schema::Fn::kCol, "contact", {}, {}}}},
           schema::Expr{schema::Fn::kLit, "", Value::String(": "), {}},
           schema::Expr{schema::Fn::kCol, "secret", {}, {}}}},
      false};
  add(label);
  schema::Column total = Col("total", Type::kFloat);
  total.computed =
      schema::Computed{schema::Expr{schema::Fn::kMul,
                                    "",
                                    {},
                                    {schema::Expr{schema::Fn::kCol, "ratio", {}, {}},
                                     schema::Expr{schema::Fn::kLit, "", Value::Number("2"), {}}}},
                       true};
  add(total);
  // Semantic types, with and without extra modifiers.
  schema::Column email = Semantic("email", "email");
  email.unique = true;
  add(email);
  add(Semantic("money", "cost"));
  schema::Column flag = Semantic("flag", "featured");
  flag.default_value = Value::Bool(true);
  add(flag);
  add(Semantic("flag", "hidden"));
  add(Semantic("counter", "views"));
  schema::Column pw = Semantic("password_hash", "pw");
  pw.nullable = true;
  pw.docs = "bcrypt";
  add(pw);
  schema::Column country = Semantic("country", "country");
  country.pattern = "^[A-Z]{2}$|^EU$";
  add(country);
  for (auto& c : HelperPreset("sortable")) add(c);
  // belongs_to_any: a polymorphic pair, optional and documented.
  schema::Column target_type = diff::testing::Optional(Str("target_type", 255));
  schema::Column target_id = diff::testing::Optional(Col("target_id", Type::kUuid));
  target_type.docs = target_id.docs = "what the item points at";
  add(target_type);
  add(target_id);
  item.polymorphic.push_back(schema::Polymorphic{"target", {"blog.post", "shop.brand"}});
  AddBelongsTo(item, "brand_id", "shop.brand", schema::FkAction::kSetNull, true);
  AddBelongsTo(item, "owner_id", "shop.brand", schema::FkAction::kCascade);
  item.foreign_keys.back().on_update = schema::FkAction::kRestrict;
  item.FindColumn("owner_id")->unique = true;  // one_to_one-shaped
  item.FindColumn("owner_id")->docs = "who owns it";
  item.columns.push_back(Col("maker", Type::kUuid));
  item.foreign_keys.push_back(schema::ForeignKey{"maker_fk",
                                                 {"maker"},
                                                 "shop.brand",
                                                 {"id"},
                                                 schema::FkAction::kNoAction,
                                                 schema::FkAction::kNoAction,
                                                 schema::FkDeferral::kNot,
                                                 {}});
  item.columns.push_back(diff::testing::Optional(Col("tag_key", Type::kUuid)));
  item.foreign_keys.push_back(schema::ForeignKey{schema::ForeignKeyName("shop_item", {"tag_key"}),
                                                 {"tag_key"},
                                                 "shop.tag",
                                                 {"tag_key"},
                                                 schema::FkAction::kSetNull,
                                                 schema::FkAction::kNoAction,
                                                 schema::FkDeferral::kNot,
                                                 {}});
  AddIndex(item, {"category", "price"});
  AddIndex(item, {"external_id"}, true, "opens_at IS NOT NULL");
  item.indexes.push_back(schema::Index{"by_release", {"released_on"}, false, "", {}, false, {}});
  item.checks.push_back(schema::Check{"chk_stock", "stock >= -10", {}});
  for (auto& c : item.columns) c.loc = {};
  schema::Canonicalize(item);
  schema::Schema s = Blog();
  s.tables.push_back(brand);
  s.tables.push_back(tag);
  s.tables.push_back(item);
  schema::Canonicalize(s);
  return s;
}

TEST(CodegenRoundTrip, FirstGenerationOfEverything) {
  std::string text = RoundTrip({}, Shop());
  EXPECT_NE(
      text.find("      t.belongs_to_any([\"blog.post\", \"shop.brand\"], { as: \"target\" })\n"
                "        .optional()\n"),
      std::string::npos)
      << text;
  RoundTrip({}, Blog());
}

TEST(CodegenRoundTrip, AddingAndDroppingTables) {
  RoundTrip(Blog(), Shop());
  RoundTrip(Shop(), Blog());
  RoundTrip(Shop(), {});
}

TEST(CodegenRoundTrip, ColumnChanges) {
  auto from = Shop();
  auto to = from;
  auto& user = *to.Find("auth.user");
  user.FindColumn("email")->length = 320;
  user.FindColumn("email")->unique = false;
  user.FindColumn("password")->nullable = true;
  user.FindColumn("is_active")->default_value.reset();
  user.FindColumn("username")->check = "length(username) >= 3";
  user.FindColumn("username")->default_value =
      Value::Sql({{"postgres", "'anon'"}, {"sqlite", "'anon'"}});
  schema::Column age = diff::testing::WithDefault(Col("age", Type::kInteger), Value::Number("18"));
  age.backfill = Value::Number("21");
  age.docs = "years";
  user.columns.push_back(age);
  auto& post = *to.Find("blog.post");
  post.FindColumn("status")->enum_values.push_back("archived");
  post.FindColumn("title")->type = Type::kText;
  post.FindColumn("title")->length = 0;
  post.columns.erase(post.columns.begin() + 2);  // body
  post.checks.push_back(schema::Check{"chk_title", "length(title) > 0", {}});
  auto& item = *to.Find("shop.item");
  item.FindColumn("price")->precision = 12;
  item.FindColumn("price")->scale = 3;
  item.FindColumn("secret")->check.clear();
  item.FindColumn("attrs")->default_value = Value::Json("{\"tags\":[]}");
  item.FindColumn("total")->computed->stored = false;  // recreated, not altered
  item.FindColumn("stock")->type = Type::kDecimal;
  item.FindColumn("stock")->precision = 8;
  item.FindColumn("stock")->scale = 0;
  schema::Canonicalize(to);
  std::string text = RoundTrip(from, to);
  EXPECT_NE(text.find("m.alter_column(\"shop.item\", \"secret\", (c) => c.drop_check());"),
            std::string::npos)
      << text;
  RoundTrip(to, from);
}

TEST(CodegenRoundTrip, IndexesForeignKeysAndChecks) {
  auto from = Shop();
  auto to = from;
  auto& item = *to.Find("shop.item");
  item.indexes.erase(item.indexes.begin());  // by_release
  item.indexes.push_back(
      schema::Index{"idx_item_price", {"price"}, true, "price > 0", {}, false, {}});
  item.foreign_keys[0].on_delete = schema::FkAction::kRestrict;
  item.foreign_keys.pop_back();
  item.checks[0].expr = "stock >= 0";
  item.checks.push_back(schema::Check{"chk_price", "price < 100000", {}});
  schema::Canonicalize(to);
  RoundTrip(from, to);
  RoundTrip(to, from);
}

TEST(CodegenRoundTrip, RenamesDetectedAndHinted) {
  auto from = Shop();
  auto to = from;
  auto& post = *to.Find("blog.post");
  post.name = "article";
  for (auto& fk : post.foreign_keys) fk.name = schema::ForeignKeyName("blog_article", fk.columns);
  for (auto& i : post.indexes) i.name = schema::IndexName("blog_article", i.columns, i.unique);
  to.Find("auth.user")->FindColumn("email")->name = "email_address";
  schema::Canonicalize(to);
  diff::DiffOptions yes;
  yes.decide = [](const diff::RenameCandidate&) { return true; };
  std::string text = RoundTrip(from, to, yes);
  EXPECT_NE(text.find("m.rename_table(\"blog.post\", \"article\");"), std::string::npos) << text;
  EXPECT_NE(text.find("m.rename_column(\"auth.user\", \"email\", \"email_address\");"),
            std::string::npos);
  RoundTrip(from, to, {});  // no renames: drop + create
  diff::DiffOptions hints;
  hints.rename_tables = {{"blog.post", "article"}};
  hints.rename_columns = {{"auth.user.email", "email_address"}};
  EXPECT_EQ(RoundTrip(from, to, hints), text);
}

TEST(CodegenRoundTrip, ForeignKeyCycleAndSelfReference) {
  auto a = Tab("app", "a", {Id()});
  auto b = Tab("app", "b", {Id()});
  AddBelongsTo(a, "b_id", "app.b", schema::FkAction::kNoAction, true);
  AddBelongsTo(b, "a_id", "app.a", schema::FkAction::kNoAction, true);
  AddBelongsTo(b, "parent_id", "app.b", schema::FkAction::kCascade, true);
  auto s = Sch({a, b});
  RoundTrip({}, s);
  RoundTrip(s, {});
}

TEST(CodegenRoundTrip, GeneratedTextIsDeterministic) {
  auto once = [] {
    MigrationSpec spec;
    spec.revision = "001";
    spec.up = diff::Diff({}, Shop(), {});
    spec.down = InverseOps(spec.up);
    return WriteMigration(spec);
  };
  EXPECT_EQ(once(), once());
}

}  // namespace
}  // namespace alab::codegen
