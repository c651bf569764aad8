export default migration({
  up_revision: "001",
  down_revision: null,
  up(m) {
    m.create_table("app.item", (t) => {
      t.id();
      t.string(255);
      t.string("name", 0);
      t.decimal("price", 2, 5);
    });
  },
  down(m) { m.drop_table("app.item"); },
});
