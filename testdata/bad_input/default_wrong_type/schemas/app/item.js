export default table({
  id: col.id(),
  count: col.integer().default("many"),
  ratio: col.float().default(true),
  on: col.boolean().default(1),
});
