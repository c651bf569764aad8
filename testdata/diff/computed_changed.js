export default migration({
  description: "computed changed",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.drop_column("auth.user", "full");
    m.add_column("auth.user", (t) => {
      t.text("full").computed(fn.lower(fn.col("first"))).virtual();
    });
  },
  down(m) {
    m.drop_column("auth.user", "full");
    m.add_column("auth.user", (t) => {
      t.text("full").computed(fn.upper(fn.col("first")));
    });
  },
});
