export default table({
  id: col.id(),
  author: col.belongs_to("auth.usr"),
});
