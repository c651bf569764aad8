// Migration: every part of the migration language, for the typings test.
export default migration({
  description: "Add user authentication tables",
  up_revision: "002",
  down_revision: "001",
  renames: { columns: { "auth.user.email": "email_address" }, tables: {} },
  up(m) {
    // Table: auth.role
    m.create_table("auth.role", (t) => {
      t.id();
      t.string("name", 100).unique();
      t.timestamps();
    });
    // Table: blog.post
    m.create_table("blog.post", (t) => {
      t.id();
      t.belongs_to("auth.user").as("author").optional().on_delete("SET NULL").on_update("cascade");
      t.one_to_one("auth.profile");
      t.belongs_to_any(["blog.post", "blog.comment"], { as: "target" });
      t.many_to_many("blog.tag");
      t.enum("status", ["draft", "published", "archived"]).default("draft");
      t.decimal("price", 10, 2).default(0).min(0);
      t.integer("views").default(0).check("views >= 0");
      t.float("score").optional();
      t.boolean("featured").default(false);
      t.date("day");
      t.time("at");
      t.uuid("ref").optional();
      t.json("data").default({ a: [1, 2] });
      t.base64("blob").optional();
      t.text("body").backfill("");
      t.email("contact").docs("who to ask").deprecated("use owner");
      t.flag("visible", true);
      t.money("total");
      t.string("full", 200).computed(fn.concat(fn.col("first"), " ", fn.upper(fn.col("last")))).virtual();
      t.datetime("published_at").optional().default(sql({ postgres: "now()", sqlite: "CURRENT_TIMESTAMP" }));
      t.soft_delete();
      t.sortable();
      t.auditable();
      t.timestamps();
    });
    m.add_column("blog.post", (t) => {
      t.string("subtitle", 200).optional().read_only();
    });
    m.create_index("blog.post", ["author_id"], { name: "idx_x", unique: false, where: "author_id IS NOT NULL" });
    m.create_index("blog.post", "status");
    m.alter_column("blog.post", "status", (c) => c.set_type("string", 50).set_not_null().drop_default());
    m.alter_column("blog.post", "price", (c) =>
      c.set_type("decimal", 12, 2).set_nullable().set_default(0).set_check("price >= 0").set_unique(),
    );
    m.alter_column("blog.post", "views", (c) => c.set_type("integer").drop_check().drop_unique());
    m.add_foreign_key("blog.post", ["author_id"], "auth.user", ["id"], { name: "fk_x", on_delete: "cascade" });
    m.drop_foreign_key("blog.post", "fk_x");
    m.add_check("blog.post", "chk_views", "views >= 0");
    m.drop_check("blog.post", "chk_views");
    m.rename_column("blog.post", "body", "content");
    m.drop_column("blog.post", "blob");
    m.rename_table("blog.post", "article");
    m.sql(postgres("CREATE EXTENSION IF NOT EXISTS pgcrypto"));
    m.sql(sqlite("SELECT 1"));
    m.sql(sql({ postgres: "SELECT 1", sqlite: "SELECT 2" }), "SELECT 3");
    m.sql("UPDATE blog_post SET views = 0");
    m.drop_index("idx_x");
  },
  down(m) {
    m.drop_table("blog.post");
    m.drop_table("auth.role");
  },
  up_hook(h) {
    h.before("SELECT 1").after(postgres("ANALYZE"));
    h.backfill("blog.post", "status", "'active'");
  },
  down_hook(h) {
    h.after("SELECT 2");
  },
});
