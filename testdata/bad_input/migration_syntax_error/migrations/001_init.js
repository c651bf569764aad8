export default migration({
  up(m) {
    m.create_table("app.item", (t) => {
      t.id()
    );
  },
});
