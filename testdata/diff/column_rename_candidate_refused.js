export default migration({
  description: "column rename candidate refused",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.drop_column("auth.user", "email");
    m.add_column("auth.user", (t) => {
      t.string("mail", 255).unique();
    });
  },
  down(m) {
    m.drop_column("auth.user", "mail");
    m.add_column("auth.user", (t) => {
      t.string("email", 255).unique();
    });
  },
});
