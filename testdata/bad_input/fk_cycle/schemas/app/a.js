export default table({
  id: col.id(),
  b: col.belongs_to(".b"),
});
