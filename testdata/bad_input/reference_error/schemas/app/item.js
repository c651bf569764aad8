export default table({
  id: col.id(),
  name: coll.string(50),
});
