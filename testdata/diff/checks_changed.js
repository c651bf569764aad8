export default migration({
  description: "checks changed",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.drop_check("shop.item", "chk_qty");
    m.add_check("shop.item", "chk_max", "qty < 1000");
    m.add_check("shop.item", "chk_qty", "qty > 0");
  },
  down(m) {
    m.drop_check("shop.item", "chk_qty");
    m.drop_check("shop.item", "chk_max");
    m.add_check("shop.item", "chk_qty", "qty >= 0");
  },
});
