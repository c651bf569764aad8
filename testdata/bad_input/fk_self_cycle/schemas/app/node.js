export default table({
  id: col.id(),
  parent: col.belongs_to(".node"),
});
