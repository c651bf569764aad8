export default migration({
  description: "Create auth and blog tables",
  up_revision: "001",
  down_revision: null,
  up(m) {
    // Table: auth.role
    m.create_table("auth.role", (t) => {
      t.id();
      t.string("name", 100).unique();
      t.timestamps();
    });

    // Table: auth.user
    m.create_table("auth.user", (t) => {
      t.id();
      t.string("email", 255).unique();
      t.boolean("is_active").default(true);
      t.string("password", 255);
      t.string("username", 50).unique();
      t.timestamps();
    });

    // Table: auth.role_user
    m.create_table("auth.role_user", (t) => {
      t.belongs_to("auth.role").on_delete("cascade");
      t.belongs_to("auth.user").on_delete("cascade");
    });
    // Index: auth.role_user
    m.create_index("auth.role_user", ["role_id"]);
    // Index: auth.role_user
    m.create_index("auth.role_user", ["user_id"]);
    // Index: auth.role_user
    m.create_index("auth.role_user", ["role_id", "user_id"], { unique: true });

    // Table: blog.post
    m.create_table("blog.post", (t) => {
      t.id();
      t.belongs_to("auth.user").as("author");
      t.text("body");
      t.enum("status", ["draft", "published"]).default("draft");
      t.string("title", 200);
      t.timestamps();
      t.soft_delete();
    });
    // Index: blog.post
    m.create_index("blog.post", ["author_id"]);
  },
  down(m) {
    m.drop_table("blog.post");
    m.drop_table("auth.role_user");
    m.drop_table("auth.user");
    m.drop_table("auth.role");
  },
});
