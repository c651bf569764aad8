export default table({
  id: col.id(),
  ratio: col.double(),
});
