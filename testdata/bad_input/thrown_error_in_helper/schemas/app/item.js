function money(name) {
  if (!name) throw new Error("money() needs a name");
  return col.money();
}
export default table({
  id: col.id(),
  price: money(),
});
