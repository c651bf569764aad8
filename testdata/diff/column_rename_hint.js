export default migration({
  description: "column rename hint",
  up_revision: "002",
  down_revision: "001",
  renames: {
    columns: {
      "auth.user.email": "email_address",
    },
  },
  up(m) {
    m.rename_column("auth.user", "email", "email_address");
    m.alter_column("auth.user", "email_address", (c) =>
      c.set_type("string", 320),
    );
  },
  down(m) {
    m.alter_column("auth.user", "email_address", (c) =>
      c.set_type("string", 255),
    );
    m.rename_column("auth.user", "email_address", "email");
  },
});
