// Every low-level type.
export default table({
  id: col.id(),
  a_string: col.string(120),
  a_text: col.text(),
  an_integer: col.integer(),
  a_bigint: col.bigint(),
  a_bigint_or_null: col.bigint().optional(),
  a_float: col.float(),
  a_decimal: col.decimal(12, 3),
  a_boolean: col.boolean(),
  a_date: col.date(),
  a_time: col.time(),
  a_datetime: col.datetime(),
  a_uuid: col.uuid(),
  a_json: col.json(),
  a_base64: col.base64(),
  an_enum: col.enum(["small", "medium", "large"]),
});
