// schemas/auth/user.js
export default table({
  id: col.id(),
  email: col.email().unique(),
  username: col.username().unique(),
  password: col.password_hash(),
  display_name: col.name().optional(),
  is_active: col.flag(true),
  last_login_at: col.datetime().optional(),
})
  .timestamps()
  .many_to_many("auth.role")
  .docs("A person who can sign in");
