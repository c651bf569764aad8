export default migration({
  description: "add nullable and required columns",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.add_column("auth.user", (t) => {
      t.integer("age").default(0).backfill(18);
    });
    m.add_column("auth.user", (t) => {
      t.text("bio").optional();
    });
  },
  down(m) {
    m.drop_column("auth.user", "bio");
    m.drop_column("auth.user", "age");
  },
});
