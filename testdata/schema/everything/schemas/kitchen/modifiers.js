// Every column modifier and every fn.* expression; plain JS helpers work.
const audit = { note: col.text().optional().docs("free text") };
const sizes = ["s", "m", "l"].map((s) => s.toUpperCase());

export default table({
  id: col.id(),
  ...audit,
  nick: col.string(40).nullable(),
  code: col.string(20).unique(),
  sku: col.string(30).index(),
  label: col.string(50).default("none"),
  qty: col.integer().default(1).min(0).max(1000),
  price: col.decimal(10, 2).default(9.5),
  active: col.boolean().default(true),
  settings: col.json().default({ theme: "dark", tags: [1, 2] }),
  size: col.enum(sizes).default("M"),
  seen_at: col.datetime().default(sql({ postgres: "now()", sqlite: "CURRENT_TIMESTAMP" })),
  cleared: col.text().optional().default(null),
  region: col.string(10).backfill("eu"),
  handle: col.string(30).pattern(/^[a-z]+$/),
  handle2: col.string(30).pattern("^[0-9]+$").format("digits"),
  legacy: col.string(10).optional().deprecated("use code"),
  legacy2: col.string(10).optional().deprecated(),
  score: col.integer().check("score >= 0"),
  secret: col.string(64).write_only(),
  version: col.integer().read_only(),
  first: col.name(),
  last: col.name(),
  full_name: col.text().computed(fn.concat(fn.col("first"), " ", fn.upper(fn.col("last")))),
  name_len: col.integer().computed(fn.length(fn.trim(fn.lower(fn.col("first"))))).virtual(),
  math: col.float().computed(
    fn.round(fn.abs(fn.div(fn.mul(fn.add(fn.col("qty"), 1), fn.sub(fn.col("price"), 2)), 3)), 2),
  ),
  fallback: col.text().computed(fn.coalesce(fn.nullif(fn.col("nick"), ""), fn.col("first"))),
});
