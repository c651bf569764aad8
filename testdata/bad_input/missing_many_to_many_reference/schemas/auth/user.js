export default table({
  id: col.id(),
}).many_to_many("auth.rol");
