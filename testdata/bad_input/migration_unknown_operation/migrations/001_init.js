export default migration({
  up_revision: "001",
  down_revision: null,
  up(m) {
    m.creat_table("app.item", (t) => { t.id(); });
  },
  down(m) {},
});
