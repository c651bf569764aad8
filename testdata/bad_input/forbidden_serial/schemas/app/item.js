export default table({
  id: col.id(),
  seq: col.serial(),
});
