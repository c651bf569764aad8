export default table({
  id: col.id(),
  name: col.string(0),
  email: col.emial(),
});
