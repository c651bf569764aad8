export default table({
  id: col.id(),
  name: col.string(100).unique(),
  description: col.text().optional(),
}).timestamps();
