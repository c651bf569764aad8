#include "ops/ops.h"

#include <gtest/gtest.h>

namespace alab::ops {
namespace {

using schema::Column;
using schema::Type;

// "" for an operation that applies, else its message; an error is always a user error.
std::string ErrorOf(const Status& st) {
  if (st.ok()) return "";
  EXPECT_EQ(st.error().code, ExitCode::kUserError) << st.error().message;
  return st.error().message;
}

Column Col(const std::string& name, Type type, bool nullable = false) {
  Column c;
  c.name = name;
  c.type = type;
  c.nullable = nullable;
  return c;
}

Column Id() {
  Column c = Col("id", Type::kUuid);
  c.primary_key = true;
  return c;
}

schema::Table UserTable() {
  schema::Table t;
  t.ns = "auth";
  t.name = "user";
  Column email = Col("email", Type::kString);
  email.length = 255;
  email.unique = true;
  t.columns = {Id(), email, Col("nickname", Type::kText, true)};
  return t;
}

schema::Table PostTable() {
  schema::Table t;
  t.ns = "blog";
  t.name = "post";
  Column title = Col("title", Type::kString);
  title.length = 200;
  Column status = Col("status", Type::kEnum);
  status.enum_values = {"draft", "published"};
  t.columns = {Id(), Col("author_id", Type::kUuid), status, title};
  t.indexes = {schema::Index{"idx_blog_post_status", {"status"}, false, "", {}, false, {}}};
  t.foreign_keys = {schema::ForeignKey{"fk_blog_post_author_id",
                                       {"author_id"},
                                       "auth.user",
                                       {"id"},
                                       schema::FkAction::kCascade,
                                       schema::FkAction::kNoAction,
                                       schema::FkDeferral::kNot,
                                       {}}};
  t.checks = {schema::Check{"title_not_empty", "length(title) > 0", {}}};
  schema::Canonicalize(t);
  return t;
}

schema::Schema Base() {
  schema::Schema s;
  s.tables = {UserTable(), PostTable()};
  schema::Canonicalize(s);
  return s;
}

// A comparable text form of an operation (its description plus its state).
std::string Dump(const Op& op) {
  return std::visit(
      [](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        std::string out = Describe(o);
        if constexpr (std::is_same_v<T, CreateTable> || std::is_same_v<T, DropTable>) {
          out += ToJson(o.table).dump();
        } else if constexpr (std::is_same_v<T, AddColumn> || std::is_same_v<T, DropColumn>) {
          out += ToJson(o.column).dump();
        } else if constexpr (std::is_same_v<T, AlterColumn>) {
          out += ToJson(o.from).dump() + ToJson(o.to).dump();
        } else if constexpr (std::is_same_v<T, CreateIndex> || std::is_same_v<T, DropIndex>) {
          out += o.index.name + (o.index.unique ? "!" : "") + o.index.where;
          for (const auto& c : o.index.columns) out += "," + c;
        } else if constexpr (std::is_same_v<T, AddForeignKey> ||
                             std::is_same_v<T, DropForeignKey>) {
          out += o.fk.ref_table + schema::FkActionSql(o.fk.on_delete);
          for (const auto& c : o.fk.columns) out += "," + c;
        } else if constexpr (std::is_same_v<T, AddCheck> || std::is_same_v<T, DropCheck>) {
          out += o.check.expr;
        } else if constexpr (std::is_same_v<T, RawSql>) {
          for (const auto* texts : {&o.up, &o.down}) {
            for (const auto& [key, text] : *texts) out += key + "=" + text + "|";
            out += "/";
          }
        }
        return out;
      },
      op);
}

AlterColumn WidenTitle() {
  Column from = PostTable().FindColumn("title") ? *PostTable().FindColumn("title") : Column{};
  Column to = from;
  to.length = 500;
  to.nullable = true;
  return AlterColumn{"blog.post", from, to, std::nullopt, {}};
}

// One resolved operation of every kind, each applicable to Base().
std::vector<Op> EveryOp() {
  schema::Table tag;
  tag.ns = "blog";
  tag.name = "tag";
  tag.columns = {Id(), Col("label", Type::kText)};
  Column summary = Col("summary", Type::kText, true);
  return {
      CreateTable{tag, {}},
      DropTable{PostTable(), {}},
      RenameTable{"blog.post", "blog.article", {}},
      AddColumn{"blog.post", summary, {}},
      DropColumn{"auth.user", *UserTable().FindColumn("nickname"), {}},
      RenameColumn{"blog.post", "title", "headline", {}},
      WidenTitle(),
      CreateIndex{
          "blog.post",
          schema::Index{
              "idx_blog_post_title", {"title"}, true, "status = 'published'", {}, false, {}},
          {}},
      DropIndex{"blog.post", PostTable().indexes[0], {}},
      AddForeignKey{"auth.user",
                    schema::ForeignKey{"fk_self", {"id"}, "auth.user", {"id"}, {}, {}, {}, {}},
                    {}},
      DropForeignKey{"blog.post", PostTable().foreign_keys[0], {}},
      AddCheck{"auth.user", schema::Check{"email_has_at", "email LIKE '%@%'", {}}, {}},
      DropCheck{"blog.post", PostTable().checks[0], {}},
      RawSql{{{"postgres", "SELECT 1"}, {"sqlite", "SELECT 2"}},
             {{"postgres", "SELECT 3"}, {"sqlite", "SELECT 4"}},
             {}},
  };
}

TEST(OpsTest, DescribeNamesTheOperation) {
  EXPECT_EQ(Describe(CreateTable{UserTable(), {}}), "create table auth.user");
  EXPECT_EQ(Describe(DropColumn{"blog.post", Col("title", Type::kText), {}}),
            "drop column blog.post.title");
  EXPECT_EQ(Describe(RenameTable{"a.b", "a.c", {}}), "rename table a.b to a.c");
  diag::SourceLoc loc{"migrations/001_x.js", 3, 5, 0};
  EXPECT_EQ(LocOf(AddCheck{"auth.user", {}, loc}), loc);
}

TEST(OpsTest, InvertTwiceGivesTheSameOperation) {
  for (const Op& op : EveryOp()) {
    auto inv = Invert(op);
    ASSERT_TRUE(inv.has_value()) << Describe(op);
    EXPECT_NE(Dump(*inv), Dump(op));
    auto back = Invert(*inv);
    ASSERT_TRUE(back.has_value()) << Describe(op);
    EXPECT_EQ(Dump(*back), Dump(op));
    EXPECT_EQ(back->index(), op.index());
  }
}

TEST(OpsTest, RawSqlWithoutDownHasNoInverse) {
  EXPECT_FALSE(
      Invert(RawSql{{{"postgres", "SELECT 1"}, {"sqlite", "SELECT 1"}}, {}, {}}).has_value());
}

TEST(OpsTest, ApplyThenApplyInverseRestoresTheSchema) {
  for (const Op& op : EveryOp()) {
    schema::Schema s = Base();
    ASSERT_EQ(ErrorOf(Apply(op, s)), "") << Describe(op);
    if (!std::holds_alternative<RawSql>(op)) {
      EXPECT_FALSE(schema::SameDatabaseShape(s, Base())) << Describe(op);
    }
    ASSERT_EQ(ErrorOf(Apply(*Invert(op), s)), "") << Describe(op);
    EXPECT_TRUE(schema::SameDatabaseShape(s, Base())) << Describe(op) << "\n" << ToJson(s).dump(1);
  }
}

TEST(OpsTest, ApplyReportsMissingAndDuplicateObjects) {
  schema::Schema s = Base();
  EXPECT_EQ(ErrorOf(Apply(AddColumn{"blog.nope", Col("x", Type::kText), {}}, s)),
            "table 'blog.nope' does not exist");
  EXPECT_EQ(ErrorOf(Apply(AddColumn{"blog.post", Col("title", Type::kText), {}}, s)),
            "column 'title' already exists in blog.post");
  EXPECT_EQ(ErrorOf(Apply(CreateTable{UserTable(), {}}, s)), "table 'auth.user' already exists");
  EXPECT_EQ(ErrorOf(Apply(DropColumn{"blog.post", Col("nope", Type::kText), {}}, s)),
            "column 'nope' does not exist in blog.post");
  EXPECT_EQ(
      ErrorOf(Apply(DropIndex{"blog.post", schema::Index{"nope", {}, false, "", {}, false, {}}, {}},
                    s)),
      "index 'nope' does not exist on blog.post");
  EXPECT_EQ(
      ErrorOf(Apply(
          CreateIndex{"blog.post", schema::Index{"i", {"nope"}, false, "", {}, false, {}}, {}}, s)),
      "column 'nope' does not exist in blog.post");
  EXPECT_EQ(
      ErrorOf(Apply(
          AddForeignKey{
              "blog.post", schema::ForeignKey{"f", {"title"}, "x.y", {"id"}, {}, {}, {}, {}}, {}},
          s)),
      "table 'x.y' does not exist");
  EXPECT_TRUE(SameDatabaseShape(s, Base()));
}

TEST(OpsTest, RenameTableRewritesForeignKeyReferences) {
  schema::Schema s = Base();
  ASSERT_EQ(ErrorOf(Apply(RenameTable{"auth.user", "auth.account", {}}, s)), "");
  EXPECT_EQ(s.Find("blog.post")->foreign_keys[0].ref_table, "auth.account");
  EXPECT_NE(s.Find("auth.account"), nullptr);
  EXPECT_EQ(s.Find("auth.user"), nullptr);
}

TEST(OpsTest, RenameColumnRewritesIndexAndForeignKeyColumns) {
  schema::Schema s = Base();
  ASSERT_EQ(ErrorOf(Apply(RenameColumn{"blog.post", "status", "state", {}}, s)), "");
  ASSERT_EQ(ErrorOf(Apply(RenameColumn{"blog.post", "author_id", "writer_id", {}}, s)), "");
  ASSERT_EQ(ErrorOf(Apply(RenameColumn{"auth.user", "id", "uid", {}}, s)), "");
  const schema::Table* post = s.Find("blog.post");
  EXPECT_EQ(post->indexes[0].columns, std::vector<std::string>{"state"});
  EXPECT_EQ(post->foreign_keys[0].columns, std::vector<std::string>{"writer_id"});
  EXPECT_EQ(post->foreign_keys[0].ref_columns, std::vector<std::string>{"uid"});
}

TEST(OpsTest, ResolveFillsTheBeforeState) {
  schema::Schema s = Base();
  Op drop_col = DropColumn{"blog.post", Col("title", Type::kText), {}};
  ASSERT_EQ(ErrorOf(Resolve(drop_col, s)), "");
  EXPECT_EQ(std::get<DropColumn>(drop_col).column.length, 200);

  schema::Table named;
  named.ns = "blog";
  named.name = "post";
  Op drop_table = DropTable{named, {}};
  ASSERT_EQ(ErrorOf(Resolve(drop_table, s)), "");
  EXPECT_EQ(std::get<DropTable>(drop_table).table.columns.size(), 4u);

  Op drop_index =
      DropIndex{"", schema::Index{"idx_blog_post_status", {}, false, "", {}, false, {}}, {}};
  ASSERT_EQ(ErrorOf(Resolve(drop_index, s)), "");
  EXPECT_EQ(std::get<DropIndex>(drop_index).table, "blog.post");
  EXPECT_EQ(std::get<DropIndex>(drop_index).index.columns, std::vector<std::string>{"status"});

  Op drop_fk = DropForeignKey{
      "blog.post", schema::ForeignKey{"fk_blog_post_author_id", {}, "", {}, {}, {}, {}, {}}, {}};
  ASSERT_EQ(ErrorOf(Resolve(drop_fk, s)), "");
  EXPECT_EQ(std::get<DropForeignKey>(drop_fk).fk.ref_table, "auth.user");

  Op drop_check = DropCheck{"blog.post", schema::Check{"title_not_empty", "", {}}, {}};
  ASSERT_EQ(ErrorOf(Resolve(drop_check, s)), "");
  EXPECT_EQ(std::get<DropCheck>(drop_check).check.expr, "length(title) > 0");

  ColumnChange change;
  Column text = Col("", Type::kText);
  change.type = text;
  change.nullable = true;
  change.set_default = schema::Value::String("untitled");
  AlterColumn alter{"blog.post", Col("title", Type::kString), {}, change, {}};
  Op alter_op = alter;
  ASSERT_EQ(ErrorOf(Resolve(alter_op, s)), "");
  const auto& a = std::get<AlterColumn>(alter_op);
  EXPECT_EQ(a.from.length, 200);
  EXPECT_EQ(a.to.type, Type::kText);
  EXPECT_EQ(a.to.length, 0);
  EXPECT_TRUE(a.to.nullable);
  EXPECT_EQ(a.to.default_value, schema::Value::String("untitled"));
  EXPECT_EQ(a.to.name, "title");

  Op missing = DropColumn{"blog.post", Col("nope", Type::kText), {}};
  EXPECT_EQ(ErrorOf(Resolve(missing, s)), "column 'nope' does not exist in blog.post");
  Op missing_index = DropIndex{"", schema::Index{"nope", {}, false, "", {}, false, {}}, {}};
  EXPECT_EQ(ErrorOf(Resolve(missing_index, s)), "index 'nope' does not exist");
}

// Every operation that changes an existing table is refused by Resolve when the table is not
// there, so no renderer is handed one (they look the table up and rely on it).
TEST(OpsTest, ResolveRefusesEveryOperationOnAMissingTable) {
  const schema::Schema s = Base();
  std::vector<Op> on_missing = {
      RenameTable{"blog.nope", "blog.other", {}},
      AddColumn{"blog.nope", Col("x", Type::kText), {}},
      DropColumn{"blog.nope", Col("x", Type::kText), {}},
      RenameColumn{"blog.nope", "a", "b", {}},
      AlterColumn{"blog.nope", Col("x", Type::kText), Col("x", Type::kString), {}, {}},
      CreateIndex{"blog.nope", schema::Index{"i", {"x"}, false, "", {}, false, {}}, {}},
      DropIndex{"blog.nope", schema::Index{"i", {}, false, "", {}, false, {}}, {}},
      AddForeignKey{
          "blog.nope", schema::ForeignKey{"f", {"x"}, "auth.user", {"id"}, {}, {}, {}, {}}, {}},
      DropForeignKey{"blog.nope", schema::ForeignKey{"f", {}, "", {}, {}, {}, {}, {}}, {}},
      AddCheck{"blog.nope", schema::Check{"c", "x > 0", {}}, {}},
      DropCheck{"blog.nope", schema::Check{"c", "", {}}, {}},
  };
  for (Op op : on_missing)
    EXPECT_EQ(ErrorOf(Resolve(op, s)), "table 'blog.nope' does not exist") << Describe(op);
}

TEST(OpsTest, IsDestructive) {
  EXPECT_TRUE(IsDestructive(DropTable{PostTable(), {}}));
  EXPECT_TRUE(IsDestructive(DropColumn{"blog.post", Col("title", Type::kText), {}}));
  EXPECT_FALSE(IsDestructive(AddColumn{"blog.post", Col("x", Type::kText), {}}));
  EXPECT_FALSE(IsDestructive(WidenTitle()));
  auto alter = [](Column from, Column to) {
    return IsDestructive(AlterColumn{"t", from, to, std::nullopt, {}});
  };
  Column s200 = Col("c", Type::kString);
  s200.length = 200;
  Column s100 = s200;
  s100.length = 100;
  EXPECT_TRUE(alter(s200, s100));
  EXPECT_FALSE(alter(s100, s200));
  EXPECT_FALSE(alter(s200, Col("c", Type::kText)));
  EXPECT_TRUE(alter(Col("c", Type::kText), s200));
  Column d102 = Col("c", Type::kDecimal);
  d102.precision = 10;
  d102.scale = 2;
  Column d82 = d102;
  d82.precision = 8;
  Column d103 = d102;
  d103.scale = 3;
  d103.precision = 11;
  EXPECT_TRUE(alter(d102, d82));
  EXPECT_FALSE(alter(d102, d103));
  Column e2 = Col("c", Type::kEnum);
  e2.enum_values = {"a", "b"};
  Column e3 = e2;
  e3.enum_values = {"a", "b", "c"};
  EXPECT_FALSE(alter(e2, e3));
  EXPECT_TRUE(alter(e3, e2));
  EXPECT_FALSE(alter(Col("c", Type::kInteger), Col("c", Type::kFloat)));
  EXPECT_TRUE(alter(Col("c", Type::kFloat), Col("c", Type::kInteger)));
  EXPECT_TRUE(alter(Col("c", Type::kText), Col("c", Type::kInteger)));
  EXPECT_FALSE(alter(Col("c", Type::kText, false), Col("c", Type::kText, true)));
}

schema::Table Simple(const std::string& ref, std::vector<std::string> refs) {
  schema::Table t;
  auto [ns, name] = schema::SplitRef(ref);
  t.ns = ns;
  t.name = name;
  t.columns = {Id()};
  for (const auto& r : refs) {
    std::string col = schema::SqlNameOfRef(r) + "_id";
    t.columns.push_back(Col(col, Type::kUuid, true));
    t.foreign_keys.push_back(schema::ForeignKey{
        schema::ForeignKeyName(t.SqlName(), {col}), {col}, r, {"id"}, {}, {}, {}, {}});
  }
  return t;
}

std::vector<std::string> Descriptions(const std::vector<Op>& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) out.push_back(Describe(op));
  return out;
}

TEST(OrderTest, CreatesTablesInForeignKeyOrder) {
  std::vector<Op> ops = {
      CreateTable{Simple("a.c", {"a.b"}), {}}, CreateTable{Simple("a.b", {"a.a"}), {}},
      CreateIndex{"a.c", schema::Index{"i", {"a_b_id"}, false, "", {}, false, {}}, {}},
      CreateTable{Simple("a.a", {}), {}}};
  EXPECT_EQ(Descriptions(Order(ops)),
            (std::vector<std::string>{"create table a.a", "create table a.b", "create table a.c",
                                      "create index i on a.c"}));
}

TEST(OrderTest, BreaksForeignKeyCycles) {
  std::vector<Op> ops = {CreateTable{Simple("x.b", {"x.a"}), {}},
                         CreateTable{Simple("x.a", {"x.b", "x.a"}), {}}};
  auto ordered = Order(ops);
  ASSERT_EQ(Descriptions(ordered),
            (std::vector<std::string>{"create table x.a", "create table x.b",
                                      "add foreign key fk_x_a_x_b_id on x.a"}));
  // The self reference stays inline; only the cycle-closing FK moves.
  EXPECT_EQ(std::get<CreateTable>(ordered[0]).table.foreign_keys.size(), 1u);
  EXPECT_EQ(std::get<CreateTable>(ordered[0]).table.foreign_keys[0].ref_table, "x.a");
  EXPECT_EQ(std::get<CreateTable>(ordered[1]).table.foreign_keys.size(), 1u);
  // The ordered operations apply.
  schema::Schema s;
  for (const auto& op : ordered) ASSERT_EQ(ErrorOf(Apply(op, s)), "") << Describe(op);
  EXPECT_EQ(s.Find("x.a")->foreign_keys.size(), 2u);
}

TEST(OrderTest, DropsDependentsFirst) {
  std::vector<Op> ops = {
      DropTable{Simple("a.parent", {}), {}},
      AddColumn{"a.other", Col("x", Type::kText), {}},
      CreateIndex{"a.other", schema::Index{"i", {"x"}, false, "", {}, false, {}}, {}},
      DropColumn{"a.other", Col("y", Type::kText), {}},
      DropTable{Simple("a.child", {"a.parent"}), {}},
      DropIndex{"a.other", schema::Index{"j", {"y"}, false, "", {}, false, {}}, {}},
      DropForeignKey{
          "a.other", schema::ForeignKey{"fk", {"p"}, "a.parent", {"id"}, {}, {}, {}, {}}, {}},
  };
  EXPECT_EQ(Descriptions(Order(ops)),
            (std::vector<std::string>{"drop index j on a.other", "drop foreign key fk on a.other",
                                      "drop table a.child", "drop table a.parent",
                                      "drop column a.other.y", "add column a.other.x",
                                      "create index i on a.other"}));
}

// Two dropped tables that reference each other: the key that closes the cycle is dropped
// first (a database refuses to drop a table another references), and the inverse creates
// both tables, then adds the key back.
TEST(OrderTest, DropsAForeignKeyCycleKeyFirst) {
  schema::Schema s;
  for (const auto& op :
       Order({CreateTable{Simple("x.b", {"x.a"}), {}}, CreateTable{Simple("x.a", {"x.b"}), {}}}))
    ASSERT_EQ(ErrorOf(Apply(op, s)), "") << Describe(op);
  const schema::Schema full = s;
  std::vector<Op> drops = {DropTable{*s.Find("x.a"), {}}, DropTable{*s.Find("x.b"), {}}};
  auto ordered = Order(drops);
  ASSERT_EQ(Descriptions(ordered),
            (std::vector<std::string>{"drop foreign key fk_x_b_x_a_id on x.b", "drop table x.a",
                                      "drop table x.b"}));
  for (const auto& op : ordered) ASSERT_EQ(ErrorOf(Apply(op, s)), "") << Describe(op);
  EXPECT_TRUE(s.tables.empty());
  std::vector<Op> inverse;
  for (auto it = ordered.rbegin(); it != ordered.rend(); ++it) {
    auto inv = Invert(*it);
    ASSERT_TRUE(inv.has_value()) << Describe(*it);
    inverse.push_back(std::move(*inv));
  }
  for (const auto& op : inverse) ASSERT_EQ(ErrorOf(Apply(op, s)), "") << Describe(op);
  EXPECT_TRUE(schema::SameDatabaseShape(s, full));
}

TEST(OrderTest, IsDeterministic) {
  std::vector<Op> ops = {CreateTable{Simple("n.z", {"n.y"}), {}},
                         CreateTable{Simple("n.y", {"n.z"}), {}},
                         CreateTable{Simple("n.m", {}), {}}};
  EXPECT_EQ(Descriptions(Order(ops)), Descriptions(Order(ops)));
  EXPECT_EQ(Descriptions(Order(ops)),
            (std::vector<std::string>{"create table n.m", "create table n.y", "create table n.z",
                                      "add foreign key fk_n_y_n_z_id on n.y"}));
}

}  // namespace
}  // namespace alab::ops
