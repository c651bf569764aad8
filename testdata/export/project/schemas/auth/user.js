// People who sign in. SQL table: auth_user.
export default table({
  id: col.id(),
  email: col.email().unique(),
  username: col.username().unique(),
  password: col.password_hash(),
  display_name: col.name().optional(),
  locale: col.locale().default("en"),
  timezone: col.timezone().default("UTC"),
  is_active: col.flag(true),
  last_login_at: col.datetime().optional(),
  login_count: col.counter(),
})
  .timestamps()
  .soft_delete()
  .searchable(["email", "username", "display_name"])
  .docs("A person with an account");
