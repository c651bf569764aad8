export default table({
  id: col.id(),
  name: "string",
  title: col.title,
});
