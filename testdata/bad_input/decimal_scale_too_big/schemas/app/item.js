export default table({
  id: col.id(),
  price: col.decimal(5, 7),
});
