// Reserved words work (always quoted) but warn.
export default table({
  id: col.id(),
  user: col.string(50),
  group: col.string(20).optional(),
  total: col.money(),
});
