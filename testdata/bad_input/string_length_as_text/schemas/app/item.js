export default table({
  id: col.id(),
  name: col.string("255"),
});
