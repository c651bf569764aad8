export default migration({
  description: "enum values added",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.alter_column("blog.post", "status", (c) =>
      c
        .set_type("enum", ["draft", "published", "archived"])
        .set_default("draft"),
    );
  },
  down(m) {
    m.alter_column("blog.post", "status", (c) =>
      c.set_type("enum", ["draft", "published"]).drop_default(),
    );
  },
});
