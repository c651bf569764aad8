export default table({
  id: col.id(),
  views: col.bigint(),
});
