export default table({
  id: col.id(),
  note: col.text().default(),
});
