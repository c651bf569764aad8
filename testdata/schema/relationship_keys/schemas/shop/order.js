export default table({
  id: col.id(),
  total: col.decimal(10, 2),
});
