export default migration({
  description: "Add the shop",
  up_revision: "002",
  down_revision: "001",
  up(m) {
    // Table: shop.brand
    m.create_table("shop.brand", (t) => {
      t.id();
      t.string("name", 100);
    });

    // Table: shop.item
    m.create_table("shop.item", (t) => {
      t.id();
      t.json("attrs").default({ tags: ["a"] });
      t.boolean("available").default(true);
      t.belongs_to("shop.brand").optional().on_delete("set null");
      t.enum("category", ["electronics", "clothing", "food"]).default("food");
      t.string("contact", 255)
        .pattern("^[^@]+@[^@]+$")
        .format("email")
        .docs('Who to ask about "this" item')
        .deprecated()
        .read_only();
      t.text("description").optional();
      t.uuid("external_id");
      t.text("label")
        .computed(fn.concat(fn.upper(fn.col("sku")), ": ", fn.col("description")))
        .virtual();
      t.uuid("maker");
      t.time("opens_at");
      t.belongs_to("auth.user")
        .as("owner")
        .on_delete("cascade")
        .on_update("restrict");
      t.decimal("price", 10, 2).min(0).max(1000000);
      t.float("ratio").default(0.5);
      t.date("released_on");
      t.string("secret", 64).unique().check("length(secret) >= 8").write_only();
      t.datetime("seen_at").default(
        sql({ postgres: "now()", sqlite: "CURRENT_TIMESTAMP" }),
      );
      t.string("sku", 50);
      t.integer("stock").default(0);
      t.base64("thumbnail").optional();
    });
    // Index: shop.item
    m.create_index("shop.item", ["released_on"], { name: "by_release" });
    // Index: shop.item
    m.create_index("shop.item", ["category", "price"]);
    // Index: shop.item
    m.create_index("shop.item", ["sku"], {
      unique: true,
      where: "deleted IS NULL",
    });
    m.add_foreign_key("shop.item", ["maker"], "shop.brand", ["id"], {
      name: "maker_fk",
    });
    m.add_check("shop.item", "chk_stock", "stock >= 0");
  },
  down(m) {
    m.drop_table("shop.item");
    m.drop_table("shop.brand");
  },
});
