// A child table: dumped after shop_item.
export default table({
  id: col.id(),
  item: col.belongs_to("shop.item"),
  body: col.text(),
});
