export default table({
  id: col.id(),
  parent: col.belongs_to(".item").optional().on_delete("explode"),
});
