// A signed-in browser or device.
export default table({
  id: col.id(),
  user: col.belongs_to("auth.user").on_delete("cascade"),
  token: col.token().unique(),
  ip_address: col.ip().optional(),
  user_agent: col.user_agent().optional(),
  expires_at: col.datetime(),
})
  .timestamps()
  .index("user_id", "expires_at");
