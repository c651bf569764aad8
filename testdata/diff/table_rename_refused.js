export default migration({
  description: "table rename refused",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.drop_table("blog.post");

    // Table: blog.article
    m.create_table("blog.article", (t) => {
      t.id();
      t.belongs_to("auth.user").as("author");
      t.string("title", 200);
    });
    // Index: blog.article
    m.create_index("blog.article", ["author_id"]);
  },
  down(m) {
    m.drop_table("blog.article");

    // Table: blog.post
    m.create_table("blog.post", (t) => {
      t.id();
      t.belongs_to("auth.user").as("author");
      t.string("title", 200);
    });
    // Index: blog.post
    m.create_index("blog.post", ["author_id"]);
  },
});
