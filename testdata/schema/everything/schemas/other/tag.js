export default table({
  id: col.id(),
  label: col.string(40).unique(),
}).many_to_many("kitchen.relations");
