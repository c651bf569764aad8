export default table({
  id: col.id(),
  status: col.enum(["draft", "live"]).default("archived"),
});
