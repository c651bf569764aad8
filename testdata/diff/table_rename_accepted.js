export default migration({
  description: "table rename accepted",
  up_revision: "002",
  down_revision: "001",
  renames: {
    tables: {
      "blog.post": "article",
    },
  },
  up(m) {
    m.drop_foreign_key("blog.post", "fk_blog_post_author_id");
    m.drop_index("idx_blog_post_author_id");
    m.rename_table("blog.post", "article");
    m.add_foreign_key("blog.article", ["author_id"], "auth.user", ["id"]);
    // Index: blog.article
    m.create_index("blog.article", ["author_id"]);
  },
  down(m) {
    m.drop_index("idx_blog_article_author_id");
    m.drop_foreign_key("blog.article", "fk_blog_article_author_id");
    m.rename_table("blog.article", "post");
    // Index: blog.post
    m.create_index("blog.post", ["author_id"]);
    m.add_foreign_key("blog.post", ["author_id"], "auth.user", ["id"]);
  },
});
