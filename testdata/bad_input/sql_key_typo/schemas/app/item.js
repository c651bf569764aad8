export default table({
  id: col.id(),
  seen: col.datetime().default(sql({ postgress: "now()", sqlite: "CURRENT_TIMESTAMP" })),
});
