export default migration({
  up_revision: 1,
  down_revision: {},
  descripton: "typo",
  up: "nothing",
});
