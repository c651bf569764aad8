export default table({
  id: col.id(),
  created: col.datetime().default(Date.now()),
});
