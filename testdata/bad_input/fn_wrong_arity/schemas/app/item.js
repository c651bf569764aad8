export default table({
  id: col.id(),
  n: col.integer(),
  m: col.integer().computed(fn.add(fn.col("n"))),
});
