export default table({
  id: col.id(),
  name: col.name(),
  rating: col.rating(),
});
