export default { id: col.id() };
