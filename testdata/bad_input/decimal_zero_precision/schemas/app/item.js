export default table({
  id: col.id(),
  price: col.decimal(0, 0),
});
