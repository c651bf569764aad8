export default table({
  id: col.id(),
  name: col.strng(50),
});
