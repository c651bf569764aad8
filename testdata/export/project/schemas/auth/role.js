// Named sets of permissions; a user has many roles and a role many users.
export default table({
  id: col.id(),
  name: col.name().unique(),
  description: col.summary().optional(),
  permissions: col.json().default([]).docs("Permission names granted by this role"),
})
  .timestamps()
  .many_to_many("auth.user");
