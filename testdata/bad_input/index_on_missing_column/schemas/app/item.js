export default table({
  id: col.id(),
  title: col.title(),
}).index("titel");
