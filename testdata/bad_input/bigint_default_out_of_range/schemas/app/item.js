export default table({
  id: col.id(),
  views: col.bigint().default(100000000000000000000),
});
