export default table({
  id: col.id(),

});
