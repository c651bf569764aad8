export default table({
  id: col.id(),
  name: col.string(50)
  price: col.money(),
});
