export default table({
  id: col.id(),
  topic: col.belongs_to(".topics"),
});
