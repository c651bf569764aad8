export default migration({
  description: 'Index "published" posts',
  up_revision: "006",
  down_revision: "005",
  up(m) {
    m.drop_foreign_key("blog.post", "fk_blog_post_author_id");
    m.add_foreign_key("blog.post", ["author_id"], "auth.user", ["id"], {
      name: "post_author",
      on_delete: "cascade",
    });
    // Index: blog.post
    m.create_index("blog.post", ["status", "title"], {
      name: "idx_post_published",
      where: "status = 'published'",
    });
    m.sql(postgres("CREATE EXTENSION IF NOT EXISTS pgcrypto"));
    m.sql("UPDATE blog_post SET status = 'draft'", "SELECT 1");
    m.sql(sql({ postgres: "SELECT now()", sqlite: "SELECT datetime('now')" }));
  },
  down(m) {
    m.sql("SELECT 1", "UPDATE blog_post SET status = 'draft'");
    m.drop_index("idx_post_published");
    m.drop_foreign_key("blog.post", "post_author");
    m.add_foreign_key("blog.post", ["author_id"], "auth.user", ["id"]);
  },
});
