// Labels for posts (linked by blog.post's many_to_many).
export default table({
  id: col.id(),
  name: col.name().unique(),
  slug: col.slug().unique(),
  color: col.color().optional(),
});
