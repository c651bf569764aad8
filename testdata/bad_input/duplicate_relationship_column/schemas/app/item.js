export default table({
  id: col.id(),
  owner: col.belongs_to(".item").optional(),
  owner_id: col.uuid(),
});
