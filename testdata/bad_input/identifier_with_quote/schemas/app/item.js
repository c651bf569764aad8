export default table({
  id: col.id(),
  "na\"me": col.string(50),
});
