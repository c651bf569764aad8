export default table({
  id: col.id(),
  userName: col.string(50),
});
