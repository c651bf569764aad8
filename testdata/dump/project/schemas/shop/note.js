// A child table (dumped after shop_item) with a polymorphic reference.
export default table({
  id: col.id(),
  item: col.belongs_to("shop.item"),
  body: col.text(),
}).belongs_to_any([".item", ".note"], { as: "about" });
