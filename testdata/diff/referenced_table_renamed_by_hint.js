export default migration({
  description: "referenced table renamed by hint",
  up_revision: "002",
  down_revision: "001",
  renames: {
    tables: {
      "auth.user": "member",
    },
  },
  up(m) {
    m.rename_table("auth.user", "member");
  },
  down(m) {
    m.rename_table("auth.member", "user");
  },
});
