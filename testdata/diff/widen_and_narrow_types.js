export default migration({
  description: "widen and narrow types",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.alter_column("shop.item", "code", (c) => c.set_type("string", 5));
    m.alter_column("shop.item", "price", (c) => c.set_type("decimal", 12, 4));
    m.alter_column("shop.item", "qty", (c) => c.set_type("float"));
  },
  down(m) {
    m.alter_column("shop.item", "qty", (c) => c.set_type("integer"));
    m.alter_column("shop.item", "price", (c) => c.set_type("decimal", 10, 2));
    m.alter_column("shop.item", "code", (c) => c.set_type("string", 10));
  },
});
