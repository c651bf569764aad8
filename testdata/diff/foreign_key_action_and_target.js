export default migration({
  description: "foreign key action and target",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.drop_foreign_key("blog.post", "fk_blog_post_author_id");
    m.add_foreign_key("blog.post", ["author_id"], "auth.team", ["id"], {
      on_delete: "cascade",
    });
  },
  down(m) {
    m.drop_foreign_key("blog.post", "fk_blog_post_author_id");
    m.add_foreign_key("blog.post", ["author_id"], "auth.user", ["id"]);
  },
});
