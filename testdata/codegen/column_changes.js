export default migration({
  description: "Change columns",
  up_revision: "004",
  down_revision: "003",
  up(m) {
    m.drop_column("blog.post", "body");
    m.alter_column("auth.user", "email", (c) =>
      c.set_type("string", 320).drop_unique(),
    );
    m.alter_column("auth.user", "is_active", (c) => c.drop_default());
    m.alter_column("auth.user", "password", (c) => c.set_nullable());
    m.alter_column("auth.user", "username", (c) =>
      c
        .set_default(sql({ postgres: "'anon'", sqlite: "'anon'" }))
        .set_check("length(username) >= 3"),
    );
    m.alter_column("blog.post", "status", (c) =>
      c.set_type("enum", ["draft", "published", "archived"]),
    );
    m.alter_column("blog.post", "title", (c) => c.set_type("text"));
    m.add_column("auth.user", (t) => {
      t.integer("age").default(18).backfill(21);
    });
    m.add_check("blog.post", "chk_title", "length(title) > 0");
  },
  down(m) {
    m.drop_check("blog.post", "chk_title");
    m.drop_column("auth.user", "age");
    m.alter_column("blog.post", "title", (c) => c.set_type("string", 200));
    m.alter_column("blog.post", "status", (c) =>
      c.set_type("enum", ["draft", "published"]),
    );
    m.alter_column("auth.user", "username", (c) =>
      c.drop_default().drop_check(),
    );
    m.alter_column("auth.user", "password", (c) => c.set_not_null());
    m.alter_column("auth.user", "is_active", (c) => c.set_default(true));
    m.alter_column("auth.user", "email", (c) =>
      c.set_type("string", 255).set_unique(),
    );
    m.add_column("blog.post", (t) => {
      t.text("body");
    });
  },
});
