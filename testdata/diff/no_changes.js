export default migration({
  description: "no changes",
  up_revision: "002",
  down_revision: "001",
  up(m) {},
  down(m) {},
});
