export default table({
  id: col.id(),
  first: col.name(),
  full: col.text().computed(fn.concat(fn.col("frist"), " x")),
});
