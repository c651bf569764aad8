export default migration({
  description: "junction table",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    // Table: auth_role_auth_user
    m.create_table("auth_role_auth_user", (t) => {
      t.belongs_to("auth.role").on_delete("cascade");
      t.belongs_to("auth.user").on_delete("cascade");
    });
    // Index: auth_role_auth_user
    m.create_index("auth_role_auth_user", ["role_id"]);
    // Index: auth_role_auth_user
    m.create_index("auth_role_auth_user", ["user_id"]);
    // Index: auth_role_auth_user
    m.create_index("auth_role_auth_user", ["role_id", "user_id"], {
      unique: true,
    });
  },
  down(m) {
    m.drop_table("auth_role_auth_user");
  },
});
