export default table({
  id: col.id(),
  price: col.decimal(),
});
