export default table({
  id: col.id(),
  owner: col.belongs_to("crm.persn"),
  plan: col.enum(["free", "pro"]).default("gold"),
  limit_count: col.serial(),
});
