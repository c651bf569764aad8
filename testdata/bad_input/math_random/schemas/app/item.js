const n = Math.floor(Math.random() * 10);
export default table({
  id: col.id(),
  n: col.integer().default(n),
});
