export default table({
  id: col.id(),
  "x; DROP TABLE users": col.text(),
});
