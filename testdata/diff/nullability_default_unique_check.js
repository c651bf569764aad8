export default migration({
  description: "nullability default unique check",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    m.alter_column("auth.user", "email", (c) =>
      c.set_nullable().set_check("email LIKE '%@%'").drop_unique(),
    );
    m.alter_column("auth.user", "name", (c) =>
      c.set_default(sql({ postgres: "'anon'", sqlite: "'anon'" })).set_unique(),
    );
  },
  down(m) {
    m.alter_column("auth.user", "name", (c) => c.drop_default().drop_unique());
    m.alter_column("auth.user", "email", (c) =>
      c.set_not_null().drop_check().set_unique(),
    );
  },
});
