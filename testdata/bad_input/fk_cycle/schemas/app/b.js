export default table({
  id: col.id(),
  a: col.belongs_to(".a"),
});
