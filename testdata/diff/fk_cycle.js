export default migration({
  description: "fk cycle",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    // Table: app.a
    m.create_table("app.a", (t) => {
      t.id();
      t.uuid("b_id").optional();
    });

    // Table: app.b
    m.create_table("app.b", (t) => {
      t.id();
      t.belongs_to("app.a").optional();
    });
    m.add_foreign_key("app.a", ["b_id"], "app.b", ["id"]);
  },
  down(m) {
    m.drop_foreign_key("app.a", "fk_app_a_b_id");
    m.drop_table("app.b");
    m.drop_table("app.a");
  },
});
