export default table({
  id: col.id(),
  created_at: col.datetime(),
}).timestamps();
