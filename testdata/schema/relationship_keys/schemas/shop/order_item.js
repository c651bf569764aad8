// Relationship keys in table-level lists mean their columns, as in the original AstrolaDB.
export default table({
  id: col.id(),
  order: col.belongs_to(".order"),
  product: col.belongs_to("shop.product"),
  quantity: col.quantity(),
})
  .belongs_to_any(["shop.order", "shop.product"], { as: "subject" })
  .timestamps()
  .unique("order", "product")
  .index("subject", "created_at")
  .index("product_id", "created_at")
  .searchable(["product"])
  .filterable(["order", "subject_type"])
  .sort_by(["-created_at", "order", "-quantity"]);
