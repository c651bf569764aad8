export default migration({
  up(m) {
    m.sql(sql({ postgres: "SELECT 1", sqlit: "SELECT 1" }));
  },
});
