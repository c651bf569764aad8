// A reaction to a post or a comment (a polymorphic reference).
export default table({
  id: col.id(),
  user: col.belongs_to("auth.user").on_delete("cascade"),
  kind: col.enum(["like", "love", "laugh"]),
})
  .belongs_to_any([".post", ".comment"], { as: "target" })
  .timestamps()
  .unique("user_id", "target_type", "target_id");
