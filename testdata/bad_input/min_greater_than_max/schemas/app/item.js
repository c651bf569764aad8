export default table({
  id: col.id(),
  qty: col.integer().min(10).max(1),
});
