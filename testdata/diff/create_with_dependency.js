export default migration({
  description: "create with dependency",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    // Table: auth.user
    m.create_table("auth.user", (t) => {
      t.id();
      t.string("email", 255).unique();
      t.string("name", 100);
    });

    // Table: blog.post
    m.create_table("blog.post", (t) => {
      t.id();
      t.belongs_to("auth.user").as("author");
      t.string("title", 200);
    });
    // Index: blog.post
    m.create_index("blog.post", ["author_id"]);
  },
  down(m) {
    m.drop_table("blog.post");
    m.drop_table("auth.user");
  },
});
