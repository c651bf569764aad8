// Articles. `.tag` is a reference within the same namespace (blog.tag).
const statuses = ["draft", "published", "archived"];

export default table({
  id: col.id(),
  author: col.belongs_to("auth.user"),
  editor: col.belongs_to("auth.user").as("reviewed_by").optional().on_delete("set null"),
  title: col.title(),
  slug: col.slug().unique(),
  summary: col.summary().optional(),
  body: col.markdown(),
  status: col.enum(statuses).default("draft"),
  published_at: col.datetime().optional(),
  reading_minutes: col.integer().min(0).default(0),
  view_count: col.counter(),
})
  .timestamps()
  .soft_delete()
  .many_to_many(".tag")
  .index("status", "published_at")
  .check("published_has_date", "status <> 'published' OR published_at IS NOT NULL")
  .sort_by("published_at")
  .filterable(["status", "author_id"]);
