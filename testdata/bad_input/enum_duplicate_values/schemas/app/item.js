export default table({
  id: col.id(),
  status: col.enum(["a", "b", "a"]),
});
