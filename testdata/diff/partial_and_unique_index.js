export default migration({
  description: "partial and unique index",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.drop_index("idx_blog_post_author_id");
    // Index: blog.post
    m.create_index("blog.post", ["author_id"], {
      where: "author_id IS NOT NULL",
    });
    // Index: blog.post
    m.create_index("blog.post", ["title"], { unique: true });
  },
  down(m) {
    m.drop_index("uniq_blog_post_title");
    m.drop_index("idx_blog_post_author_id");
    // Index: blog.post
    m.create_index("blog.post", ["author_id"]);
  },
});
