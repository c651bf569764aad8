#include "migration/load.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace alab::migration {
namespace {

// The text under `key` of an m.sql statement; nullopt when none was written for it.
std::optional<std::string> TextOf(const schema::SqlTexts& texts, const std::string& key) {
  auto it = texts.find(key);
  if (it == texts.end()) return std::nullopt;
  return it->second;
}

template <typename T>
const T& As(const ops::Op& op) {
  const T* p = std::get_if<T>(&op);
  EXPECT_NE(p, nullptr) << "op is " << ops::Describe(op);
  static const T kEmpty{};
  return p != nullptr ? *p : kEmpty;
}

Migration Load(const std::string& text, diag::DiagnosticSink& diags,
               const std::string& path = "migrations/001_init.js") {
  Migration m = LoadMigrationText(path, text, diags, 2.0);
  return m;
}

Migration LoadOk(const std::string& text, const std::string& path = "migrations/001_init.js") {
  diag::DiagnosticSink diags;
  Migration m = Load(text, diags, path);
  EXPECT_FALSE(diags.has_errors()) << diags.Render();
  EXPECT_EQ(diags.warning_count(), 0) << diags.Render();
  return m;
}

// The complete example of seed 002 (File Anatomy), verbatim.
constexpr const char* kSeedExample = R"JS(export default migration({
description: "Create auth and blog tables",
up_revision: "001",
down_revision: null,
up(m) {
m.create_table("auth.role", (t) => {
t.id();
t.string("name", 100).unique();
t.timestamps();
});
m.create_table("auth.user", (t) => {
t.id();
t.string("email", 255).unique();
t.boolean("is_active").default(true);
t.string("password", 255);
t.string("username", 50).unique();
t.timestamps();
});
m.create_table("blog.post", (t) => {
t.id();
t.belongs_to("auth.user").as("author");
t.text("body");
t.string("title", 200);
t.timestamps();
});
m.create_index("blog.post", ["author_id"]);
},
down(m) {
m.drop_table("blog.post");
m.drop_table("auth.user");
m.drop_table("auth.role");
},
});
)JS";

TEST(LoadMigrationTest, SeedExample) {
  Migration m = LoadOk(kSeedExample);
  EXPECT_EQ(m.description, "Create auth and blog tables");
  EXPECT_EQ(m.revision, "001");
  EXPECT_TRUE(m.down_revisions.empty());
  EXPECT_EQ(m.content, kSeedExample);
  EXPECT_EQ(m.file, "migrations/001_init.js");
  ASSERT_EQ(m.up.size(), 4u);
  const auto& role = As<ops::CreateTable>(m.up[0]);
  EXPECT_EQ(role.table.ns, "auth");
  EXPECT_EQ(role.table.name, "role");
  ASSERT_EQ(role.table.columns.size(), 4u);
  EXPECT_EQ(role.table.columns[0].name, "id");
  EXPECT_TRUE(role.table.columns[0].primary_key);
  EXPECT_EQ(role.table.columns[1].length, 100);
  EXPECT_TRUE(role.table.columns[1].unique);
  EXPECT_EQ(role.table.columns[2].name, "created_at");
  EXPECT_EQ(role.loc.ToString(), "migrations/001_init.js:6:3");
  const auto& user = As<ops::CreateTable>(m.up[1]);
  EXPECT_EQ(user.table.FindColumn("is_active")->default_value, schema::Value::Bool(true));
  const auto& post = As<ops::CreateTable>(m.up[2]);
  const schema::Column* author = post.table.FindColumn("author_id");
  ASSERT_NE(author, nullptr);
  EXPECT_EQ(author->type, schema::Type::kUuid);
  EXPECT_FALSE(author->nullable);
  ASSERT_EQ(post.table.foreign_keys.size(), 1u);
  EXPECT_EQ(post.table.foreign_keys[0].ref_table, "auth.user");
  EXPECT_EQ(post.table.foreign_keys[0].name, "fk_blog_post_author_id");
  EXPECT_TRUE(post.table.indexes.empty());  // indexes come from m.create_index
  const auto& idx = As<ops::CreateIndex>(m.up[3]);
  EXPECT_EQ(idx.table, "blog.post");
  EXPECT_EQ(idx.index.name, "idx_blog_post_author_id");
  EXPECT_EQ(idx.index.columns, std::vector<std::string>{"author_id"});
  ASSERT_EQ(m.down.size(), 3u);
  EXPECT_EQ(As<ops::DropTable>(m.down[0]).table.Ref(), "blog.post");
}

TEST(LoadMigrationTest, JunctionAndNamedIndexesFromSeed001) {
  Migration m = LoadOk(R"JS(export default migration({ up(m) {
  m.create_table("auth_role_auth_user", (t) => { t.belongs_to("auth.role"); t.belongs_to("auth.user"); });
  m.create_index("auth_role_auth_user", ["role_id", "user_id"], { unique: true, name: "idx_auth_role_auth_user_unique" });
  m.create_table("products.item", (t) => {
    t.id(); t.string("sku", 50).unique(); t.text("description").optional(); t.decimal("price", 10, 2);
    t.integer("stock").default(0); t.enum("category", ["electronics", "clothing", "food"]);
    t.belongs_to("products.brand").optional().on_delete("SET NULL");
    t.float("weight"); t.date("d"); t.time("tm"); t.datetime("dt"); t.uuid("u"); t.json("j"); t.base64("b");
    t.soft_delete(); t.sortable(); t.timestamps();
  });
}, down(m) {} });
)JS",
                       "migrations/001_start.js");
  EXPECT_EQ(m.revision, "001");  // from the file name
  ASSERT_EQ(m.up.size(), 3u);
  const auto& j = As<ops::CreateTable>(m.up[0]);
  EXPECT_EQ(j.table.ns, "");
  EXPECT_EQ(j.table.name, "auth_role_auth_user");
  EXPECT_NE(j.table.FindColumn("role_id"), nullptr);
  EXPECT_NE(j.table.FindColumn("user_id"), nullptr);
  EXPECT_EQ(j.table.foreign_keys[0].name, "fk_auth_role_auth_user_role_id");
  const auto& u = As<ops::CreateIndex>(m.up[1]);
  EXPECT_TRUE(u.index.unique);
  EXPECT_EQ(u.index.name, "idx_auth_role_auth_user_unique");
  const auto& item = As<ops::CreateTable>(m.up[2]).table;
  EXPECT_EQ(item.FindColumn("price")->precision, 10);
  EXPECT_EQ(item.FindColumn("stock")->default_value, schema::Value::Number("0"));
  EXPECT_EQ(item.FindColumn("category")->enum_values.size(), 3u);
  EXPECT_TRUE(item.FindColumn("brand_id")->nullable);
  EXPECT_EQ(item.foreign_keys[0].on_delete, schema::FkAction::kSetNull);
  EXPECT_EQ(item.FindColumn("position")->default_value, schema::Value::Number("0"));
  EXPECT_TRUE(item.FindColumn("deleted_at")->nullable);
  EXPECT_EQ(item.FindColumn("b")->type, schema::Type::kBase64);
  EXPECT_EQ(item.columns.size(), 18u);
}

TEST(LoadMigrationTest, EveryOperation) {
  Migration m = LoadOk(R"JS(export default migration({
  description: "everything",
  up_revision: "004",
  down_revision: ["002", "003"],
  renames: { columns: { "auth.user.email": "email_address" }, tables: { "blog.entry": "post" } },
  transaction: false,
  up(m) {
    m.drop_table("blog.old");
    m.rename_table("blog.entry", "post");
    m.add_column("auth.user", (t) => {
      t.string("phone", 20).optional();
      t.integer("karma").default(0).backfill(10);
      t.belongs_to("auth.team").as("team").on_delete("cascade");
    });
    m.drop_column("auth.user", "legacy");
    m.rename_column("auth.user", "email", "email_address");
    m.alter_column("auth.user", "bio", (c) => c.set_type("string", 100).set_not_null().set_default("none"));
    m.alter_column("auth.user", "age", (c) => c.set_nullable().drop_default().set_check("age > 0").set_unique());
    m.create_index("auth.user", ["phone"], { name: "idx_user_phone", where: "phone IS NOT NULL" });
    m.create_index("auth.user", "karma");
    m.drop_index("idx_old");
    m.add_foreign_key("blog.post", ["author_id"], "auth.user", ["id"], { name: "fk_post_author", on_delete: "SET NULL", on_update: "cascade" });
    m.add_foreign_key("blog.post", "editor_id", ".editor");
    m.drop_foreign_key("blog.post", "fk_old");
    m.add_check("auth.user", "chk_age", "age >= 18");
    m.drop_check("auth.user", "chk_old");
    m.sql("CREATE EXTENSION IF NOT EXISTS pgcrypto;", "DROP EXTENSION pgcrypto;");
    m.sql(postgres("SELECT 1;"));
    m.sql(sqlite("PRAGMA journal_mode=WAL;"));
    m.sql(sql({ postgres: "SELECT now();", sqlite: "SELECT datetime('now');" }));
  },
  down(m) { m.drop_column("auth.user", "phone"); },
  up_hook(h) {
    h.before("SET statement_timeout = '60s';");
    h.after(postgres("ANALYZE;"));
    h.backfill("blog.post", "status", "'active'");
  },
  down_hook(h) { h.before("SELECT 1;"); },
});
)JS");
  EXPECT_EQ(m.revision, "004");
  EXPECT_EQ(m.down_revisions, (std::vector<std::string>{"002", "003"}));
  EXPECT_FALSE(m.transactional);
  EXPECT_EQ(m.rename_columns.at("auth.user.email"), "email_address");
  EXPECT_EQ(m.rename_tables.at("blog.entry"), "post");
  ASSERT_EQ(m.up.size(), 22u);
  size_t i = 0;
  EXPECT_EQ(As<ops::DropTable>(m.up[i++]).table.Ref(), "blog.old");
  const auto& rt = As<ops::RenameTable>(m.up[i++]);
  EXPECT_EQ(rt.from, "blog.entry");
  EXPECT_EQ(rt.to, "blog.post");
  const auto& phone = As<ops::AddColumn>(m.up[i++]);
  EXPECT_EQ(phone.table, "auth.user");
  EXPECT_EQ(phone.column.name, "phone");
  EXPECT_TRUE(phone.column.nullable);
  EXPECT_EQ(phone.loc.ToString(), "migrations/001_init.js:11:9");
  const auto& karma = As<ops::AddColumn>(m.up[i++]);
  EXPECT_EQ(karma.column.backfill, schema::Value::Number("10"));
  EXPECT_EQ(As<ops::AddColumn>(m.up[i++]).column.name, "team_id");
  const auto& afk = As<ops::AddForeignKey>(m.up[i++]);
  EXPECT_EQ(afk.fk.ref_table, "auth.team");
  EXPECT_EQ(afk.fk.on_delete, schema::FkAction::kCascade);
  EXPECT_EQ(As<ops::DropColumn>(m.up[i++]).column.name, "legacy");
  const auto& rc = As<ops::RenameColumn>(m.up[i++]);
  EXPECT_EQ(rc.from, "email");
  EXPECT_EQ(rc.to, "email_address");
  const auto& alt = As<ops::AlterColumn>(m.up[i++]);
  EXPECT_EQ(alt.to.name, "bio");
  ASSERT_TRUE(alt.change.has_value());
  ASSERT_TRUE(alt.change->type.has_value());
  EXPECT_EQ(alt.change->type->type, schema::Type::kString);
  EXPECT_EQ(alt.change->type->length, 100);
  EXPECT_EQ(alt.change->nullable, false);
  EXPECT_EQ(alt.change->set_default, schema::Value::String("none"));
  const auto& alt2 = As<ops::AlterColumn>(m.up[i++]);
  EXPECT_EQ(alt2.change->nullable, true);
  EXPECT_TRUE(alt2.change->drop_default);
  EXPECT_EQ(alt2.change->check, "age > 0");
  EXPECT_EQ(alt2.change->unique, true);
  const auto& ci = As<ops::CreateIndex>(m.up[i++]);
  EXPECT_EQ(ci.index.name, "idx_user_phone");
  EXPECT_EQ(ci.index.where, "phone IS NOT NULL");
  EXPECT_EQ(As<ops::CreateIndex>(m.up[i++]).index.name, "idx_auth_user_karma");
  const auto& di = As<ops::DropIndex>(m.up[i++]);
  EXPECT_EQ(di.index.name, "idx_old");
  EXPECT_EQ(di.table, "");
  const auto& fk = As<ops::AddForeignKey>(m.up[i++]);
  EXPECT_EQ(fk.fk.name, "fk_post_author");
  EXPECT_EQ(fk.fk.on_delete, schema::FkAction::kSetNull);
  EXPECT_EQ(fk.fk.on_update, schema::FkAction::kCascade);
  const auto& fk2 = As<ops::AddForeignKey>(m.up[i++]);
  EXPECT_EQ(fk2.fk.ref_table, "blog.editor");
  EXPECT_EQ(fk2.fk.ref_columns, std::vector<std::string>{"id"});
  EXPECT_EQ(fk2.fk.name, "fk_blog_post_editor_id");
  EXPECT_EQ(As<ops::DropForeignKey>(m.up[i++]).fk.name, "fk_old");
  const auto& ac = As<ops::AddCheck>(m.up[i++]);
  EXPECT_EQ(ac.check.name, "chk_age");
  EXPECT_EQ(ac.check.expr, "age >= 18");
  EXPECT_EQ(As<ops::DropCheck>(m.up[i++]).check.name, "chk_old");
  const auto& s1 = As<ops::RawSql>(m.up[i++]);
  EXPECT_EQ(TextOf(s1.up, "postgres"), "CREATE EXTENSION IF NOT EXISTS pgcrypto;");
  EXPECT_EQ(TextOf(s1.up, "sqlite"), "CREATE EXTENSION IF NOT EXISTS pgcrypto;");
  EXPECT_EQ(TextOf(s1.down, "postgres"), "DROP EXTENSION pgcrypto;");
  const auto& s2 = As<ops::RawSql>(m.up[i++]);
  EXPECT_EQ(TextOf(s2.up, "postgres"), "SELECT 1;");
  EXPECT_EQ(TextOf(s2.up, "sqlite"), std::nullopt);
  const auto& s3 = As<ops::RawSql>(m.up[i++]);
  EXPECT_EQ(TextOf(s3.up, "postgres"), std::nullopt);
  EXPECT_EQ(TextOf(s3.up, "sqlite"), "PRAGMA journal_mode=WAL;");
  const auto& s4 = As<ops::RawSql>(m.up[i++]);
  EXPECT_EQ(TextOf(s4.up, "postgres"), "SELECT now();");
  EXPECT_EQ(TextOf(s4.up, "sqlite"), "SELECT datetime('now');");
  ASSERT_EQ(m.up_hooks.size(), 3u);
  EXPECT_EQ(m.up_hooks[0].kind, Hook::Kind::kBefore);
  EXPECT_EQ(TextOf(m.up_hooks[0].sql.up, "postgres"), "SET statement_timeout = '60s';");
  EXPECT_EQ(TextOf(m.up_hooks[1].sql.up, "sqlite"), std::nullopt);
  EXPECT_EQ(m.up_hooks[2].kind, Hook::Kind::kBackfill);
  EXPECT_EQ(m.up_hooks[2].table, "blog.post");
  EXPECT_EQ(m.up_hooks[2].value_sql, "'active'");
  EXPECT_EQ(m.down_hooks.size(), 1u);
  ASSERT_EQ(m.down.size(), 1u);
}

TEST(LoadMigrationTest, RelationshipsInCreateTable) {
  Migration m = LoadOk(R"JS(export default migration({ up(m) {
  m.create_table("shop.order", (t) => {
    t.id();
    t.one_to_one("shop.cart");
    t.belongs_to_any(["shop.item", "shop.bundle"], { as: "target" });
    t.many_to_many("shop.tag");
    t.string("code", 20).index();
  });
} });
)JS");
  ASSERT_EQ(m.up.size(), 6u);
  const auto& t = As<ops::CreateTable>(m.up[0]).table;
  EXPECT_TRUE(t.FindColumn("cart_id")->unique);
  EXPECT_NE(t.FindColumn("target_type"), nullptr);
  EXPECT_NE(t.FindColumn("target_id"), nullptr);
  ASSERT_EQ(t.polymorphic.size(), 1u);
  EXPECT_EQ(t.polymorphic[0].refs, (std::vector<std::string>{"shop.item", "shop.bundle"}));
  EXPECT_EQ(As<ops::CreateIndex>(m.up[1]).index.name, "idx_shop_order_code");
  const auto& j = As<ops::CreateTable>(m.up[2]).table;
  EXPECT_EQ(j.name, "shop_order_shop_tag");
  EXPECT_TRUE(j.junction);
  EXPECT_EQ(j.foreign_keys.size(), 2u);
  EXPECT_EQ(j.foreign_keys[0].on_delete, schema::FkAction::kCascade);
  EXPECT_EQ(As<ops::CreateIndex>(m.up[5]).index.unique, true);
}

TEST(LoadMigrationTest, ErrorsAtTheCall) {
  diag::DiagnosticSink diags;
  Load(
      "export default migration({ up(m) {\n  m.create_table(\"a.b\", (t) => {\n    "
      "t.strng(\"x\");\n  });\n} });\n",
      diags);
  EXPECT_EQ(
      diags.Render(),
      "migrations/001_init.js:3:7: error: unknown column type 'strng'; did you mean 'string'?\n"
      " 3 |     t.strng(\"x\");\n"
      "   |       ^~~~~\n");
  diag::DiagnosticSink d2;
  Load(
      "export default migration({ up(m) {\n  m.alter_column(\"a.b\", \"c\", (c) => "
      "c.set_typ(\"text\"));\n} });\n",
      d2);
  EXPECT_NE(d2.Render().find(
                "2:39: error: unknown alter_column method 'set_typ'; did you mean 'set_type'?"),
            std::string::npos)
      << d2.Render();
  diag::DiagnosticSink d3;
  Load("export default migration({ up(m) { m.sql(42); m.drop_column(\"a.b\"); } });\n", d3);
  EXPECT_EQ(d3.error_count(), 2) << d3.Render();
}

TEST(LoadMigrationsTest, FolderSortedAndNothingWritten) {
  testing::TempDir tmp;
  tmp.Write("migrations/002_b.js",
            "export default migration({ up_revision: \"002\", down_revision: \"001\", up(m) { "
            "m.drop_table(\"a.b\"); } });\n");
  tmp.Write("migrations/001_a.js",
            "export default migration({ up_revision: \"001\", down_revision: null, up(m) {} });\n");
  tmp.Write("migrations/notes.txt", "not a migration");
  auto r = LoadMigrations(tmp.path(), tmp.path() / "migrations");
  ASSERT_TRUE(r.ok()) << r.diags.Render();
  ASSERT_EQ(r.migrations.size(), 2u);
  EXPECT_EQ(r.migrations[0].file, "migrations/001_a.js");
  EXPECT_EQ(r.migrations[1].down_revisions, std::vector<std::string>{"001"});
  EXPECT_EQ(r.migrations[1].up.size(), 1u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path() / "migrations"),
                          std::filesystem::directory_iterator()),
            3);
}

}  // namespace
}  // namespace alab::migration

namespace alab::migration {
namespace {

std::string Fingerprint(const std::vector<ops::Op>& list) {
  std::string out;
  for (const auto& op : list) {
    out += ops::Describe(op) + "\n";
    if (const auto* ct = std::get_if<ops::CreateTable>(&op))
      out += schema::ToJson(ct->table).dump() + "\n";
  }
  return out;
}

// The self-check's loader (two engines, operations split by index, no locations) reads
// exactly the operations the normal loader reads, in the same order.
TEST(LoadMigrationTest, ForCheckReadsTheSameOperations) {
  std::string text =
      "export default migration({\n  description: \"many\",\n  up_revision: \"001\",\n"
      "  down_revision: null,\n  up(m) {\n";
  for (int i = 0; i < 7; ++i)
    text += "    m.create_table(\"app.t" + std::to_string(i) +
            "\", (t) => {\n      t.id();\n      t.string(\"name" + std::to_string(i) + "\", " +
            std::to_string(10 + i) + ").unique();\n    });\n";
  text +=
      "    m.create_index(\"app.t1\", [\"name1\"], { name: \"idx_t1_name\" });\n"
      "    m.sql(postgres(\"SELECT 1\"));\n  },\n  down(m) {\n";
  for (int i = 6; i >= 0; --i) text += "    m.drop_table(\"app.t" + std::to_string(i) + "\");\n";
  text += "  },\n  up_hook(h) {\n    h.after(\"UPDATE app_t0 SET name0 = 'x'\");\n  },\n});\n";

  Migration normal = LoadOk(text);
  diag::DiagnosticSink diags;
  Migration check = LoadMigrationTextForCheck("migrations/001_init.js", text, diags);
  ASSERT_FALSE(diags.has_errors()) << diags.Render();
  ASSERT_EQ(normal.up.size(), 9u);
  ASSERT_EQ(normal.down.size(), 7u);
  EXPECT_EQ(Fingerprint(check.up), Fingerprint(normal.up));
  EXPECT_EQ(Fingerprint(check.down), Fingerprint(normal.down));
  EXPECT_EQ(check.up_hooks.size(), normal.up_hooks.size());
  EXPECT_EQ(check.revision, "001");
  EXPECT_EQ(check.description, "many");
  // Locations are what the normal loader is for; the check does without them.
  EXPECT_EQ(std::visit([](const auto& o) { return o.loc.line; }, normal.up[3]), 18);
  EXPECT_EQ(std::visit([](const auto& o) { return o.loc.line; }, check.up[3]), 0);
}

TEST(LoadMigrationTest, ForCheckReportsErrors) {
  diag::DiagnosticSink diags;
  LoadMigrationTextForCheck("migrations/001_init.js",
                            "export default migration({ up(m) { m.create_tabel(\"x\"); } });\n",
                            diags);
  ASSERT_TRUE(diags.has_errors());
  EXPECT_NE(diags.Render().find(
                "unknown migration operation 'create_tabel'; did you mean 'create_table'?"),
            std::string::npos)
      << diags.Render();
}

}  // namespace
}  // namespace alab::migration
