# Regenerates scenarios/*.txtar (the runner integration fixtures): python3 gen_scenarios.py
import os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'scenarios')

CUSTOMER = '''    m.create_table("shop.customer", (t) => {
      t.id();
      t.string("name", 100);
      t.string("email", 255).unique();
      t.integer("age").optional();
      t.text("note").optional();
    });'''
ORDER = '''    m.create_table("shop.order", (t) => {
      t.id();
      t.belongs_to("shop.customer");
      t.decimal("total", 10, 2);
      t.string("code", 20);
    });'''
SEED_C = '''INSERT INTO shop_customer (id, name, email, age, note) VALUES ('00000000-0000-4000-8000-000000000001', 'Ann', 'ann@example.com', 31, 'first');
INSERT INTO shop_customer (id, name, email, age, note) VALUES ('00000000-0000-4000-8000-000000000002', 'Bob', 'bob@example.com', NULL, NULL);
INSERT INTO shop_customer (id, name, email, age, note) VALUES ('00000000-0000-4000-8000-000000000003', 'Cy', 'cy@example.com', 45, 'third');'''
SEED_O = '''INSERT INTO shop_order (id, customer_id, total, code) VALUES ('00000000-0000-4000-9000-000000000001', '00000000-0000-4000-8000-000000000001', 12.5, 'A1');
INSERT INTO shop_order (id, customer_id, total, code) VALUES ('00000000-0000-4000-9000-000000000002', '00000000-0000-4000-8000-000000000003', 99.75, 'B2');'''
ROWS_C = "SELECT id, name, email, age, note FROM shop_customer ORDER BY name"
ROWS_O = "SELECT o.id, o.customer_id, o.code FROM shop_order o ORDER BY o.code"

def mig(rev, parent, up, down, extra=''):
    p = 'null' if parent is None else '"%s"' % parent
    return '''export default migration({
  description: "step %s",
  up_revision: "%s",
  down_revision: %s,%s
  up(m) {
%s
  },
  down(m) {
%s
  },
});
''' % (rev, rev, p, extra, up, down)

def base(with_order=False, extra_up='', extra_down=''):
    up = CUSTOMER + ('\n' + ORDER if with_order else '') + ('\n' + extra_up if extra_up else '')
    down = (extra_down + '\n' if extra_down else '') + ('    m.drop_table("shop.order");\n' if with_order else '') + '    m.drop_table("shop.customer");'
    return mig('001', None, up, down)

scenarios = []
def S(name, step_up, step_down, with_order=False, base_up='', base_down='', rows=None, rows_after=None, extra='', more=None, seed_extra='', catalog_unchanged=False):
    files = [('001_base.js', base(with_order, base_up, base_down)), ('002_step.js', mig('002', '001', step_up, step_down, extra))]
    if more:
        files += more
    seed = SEED_C + ('\n' + SEED_O if with_order else '') + ('\n' + seed_extra if seed_extra else '')
    r = rows or (ROWS_C + ('' if not with_order else ''))
    scenarios.append((name, files, seed, r, rows_after, catalog_unchanged))

S('add_column_optional', '    m.add_column("shop.customer", (t) => t.string("nickname", 50).optional());', '    m.drop_column("shop.customer", "nickname");')
S('add_column_integer_default', '    m.add_column("shop.customer", (t) => t.integer("points").default(0));', '    m.drop_column("shop.customer", "points");')
S('add_column_boolean_default', '    m.add_column("shop.customer", (t) => t.boolean("active").default(true));', '    m.drop_column("shop.customer", "active");')
S('add_column_text', '    m.add_column("shop.customer", (t) => t.text("bio").optional());', '    m.drop_column("shop.customer", "bio");')
S('add_column_decimal', '    m.add_column("shop.customer", (t) => t.decimal("balance", 10, 2).default(0));', '    m.drop_column("shop.customer", "balance");')
S('add_column_enum', '    m.add_column("shop.customer", (t) => t.enum("tier", ["free", "pro"]).default("free"));', '    m.drop_column("shop.customer", "tier");')
S('add_column_json', '    m.add_column("shop.customer", (t) => t.json("prefs").optional());', '    m.drop_column("shop.customer", "prefs");')
S('add_column_date', '    m.add_column("shop.customer", (t) => t.date("birthday").optional());', '    m.drop_column("shop.customer", "birthday");')
S('add_column_datetime', '    m.add_column("shop.customer", (t) => t.datetime("seen_at").optional());', '    m.drop_column("shop.customer", "seen_at");')
S('add_column_uuid', '    m.add_column("shop.customer", (t) => t.uuid("ref").optional());', '    m.drop_column("shop.customer", "ref");')
S('add_column_float', '    m.add_column("shop.customer", (t) => t.float("score").optional());', '    m.drop_column("shop.customer", "score");')
S('add_column_unique', '    m.add_column("shop.customer", (t) => t.string("handle", 40).optional().unique());', '    m.drop_column("shop.customer", "handle");')
S('drop_column', '    m.drop_column("shop.customer", "note");', '    m.add_column("shop.customer", (t) => t.text("note").optional());',
  rows="SELECT id, name, email, age FROM shop_customer ORDER BY name")
S('rename_column', '    m.rename_column("shop.customer", "name", "full_name");', '    m.rename_column("shop.customer", "full_name", "name");',
  rows_after="SELECT id, full_name, email, age, note FROM shop_customer ORDER BY full_name")
S('rename_table', '    m.rename_table("shop.customer", "client");', '    m.rename_table("shop.client", "customer");',
  rows_after="SELECT id, name, email, age, note FROM shop_client ORDER BY name")
S('create_table', '''    m.create_table("shop.tag", (t) => {
      t.id();
      t.string("label", 40).unique();
    });''', '    m.drop_table("shop.tag");')
S('create_table_with_fk', ORDER, '    m.drop_table("shop.order");')
S('drop_table', '    m.drop_table("shop.order");', ORDER, with_order=True)
S('create_index', '    m.create_index("shop.customer", ["age"]);', '    m.drop_index("idx_shop_customer_age");')
S('create_unique_index', '    m.create_index("shop.customer", ["name"], { unique: true, name: "uq_customer_name" });', '    m.drop_index("uq_customer_name");')
S('create_index_multi', '    m.create_index("shop.customer", ["name", "age"], { name: "idx_customer_name_age" });', '    m.drop_index("idx_customer_name_age");')
S('drop_index', '    m.drop_index("idx_customer_note");', '    m.create_index("shop.customer", ["note"], { name: "idx_customer_note" });',
  base_up='    m.create_index("shop.customer", ["note"], { name: "idx_customer_note" });', base_down='    m.drop_index("idx_customer_note");')
S('alter_set_not_null', '    m.alter_column("shop.customer", "age", (c) => c.set_not_null());', '    m.alter_column("shop.customer", "age", (c) => c.set_nullable());',
  extra='''
  up_hook(h) {
    h.before("UPDATE shop_customer SET age = 0 WHERE age IS NULL");
  },''', rows="SELECT id, name, email, note FROM shop_customer ORDER BY name")
S('alter_set_nullable', '    m.alter_column("shop.customer", "name", (c) => c.set_nullable());', '    m.alter_column("shop.customer", "name", (c) => c.set_not_null());')
S('alter_set_default', '    m.alter_column("shop.customer", "age", (c) => c.set_default(18));', '    m.alter_column("shop.customer", "age", (c) => c.drop_default());')
S('alter_drop_default', '    m.alter_column("shop.customer", "note", (c) => c.drop_default());', '    m.alter_column("shop.customer", "note", (c) => c.set_default("n/a"));',
  base_up='    m.alter_column("shop.customer", "note", (c) => c.set_default("n/a"));')
S('alter_widen_string', '    m.alter_column("shop.customer", "name", (c) => c.set_type("string", 200));', '    m.alter_column("shop.customer", "name", (c) => c.set_type("string", 100));')
S('alter_narrow_string', '    m.alter_column("shop.customer", "email", (c) => c.set_type("string", 120));', '    m.alter_column("shop.customer", "email", (c) => c.set_type("string", 255));')
S('alter_integer_to_float', '    m.alter_column("shop.customer", "age", (c) => c.set_type("float"));', '    m.alter_column("shop.customer", "age", (c) => c.set_type("integer"));',
  rows="SELECT id, name, email, CAST(age AS INTEGER), note FROM shop_customer ORDER BY name")
S('add_foreign_key', '    m.add_foreign_key("shop.purchase", ["buyer_id"], "shop.customer", ["id"], { name: "fk_purchase_buyer", on_delete: "cascade" });',
  '    m.drop_foreign_key("shop.purchase", "fk_purchase_buyer");',
  base_up='''    m.create_table("shop.purchase", (t) => {
      t.id();
      t.uuid("buyer_id");
      t.integer("qty");
    });''', base_down='    m.drop_table("shop.purchase");',
  seed_extra="INSERT INTO shop_purchase (id, buyer_id, qty) VALUES ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-8000-000000000002', 3);",
  rows="SELECT p.id, p.buyer_id, p.qty, c.name FROM shop_purchase p JOIN shop_customer c ON c.id = p.buyer_id ORDER BY p.id")
S('drop_foreign_key', '    m.drop_foreign_key("shop.purchase", "fk_purchase_buyer");',
  '    m.add_foreign_key("shop.purchase", ["buyer_id"], "shop.customer", ["id"], { name: "fk_purchase_buyer" });',
  base_up='''    m.create_table("shop.purchase", (t) => {
      t.id();
      t.uuid("buyer_id");
      t.integer("qty");
    });
    m.add_foreign_key("shop.purchase", ["buyer_id"], "shop.customer", ["id"], { name: "fk_purchase_buyer" });''',
  base_down='    m.drop_table("shop.purchase");',
  seed_extra="INSERT INTO shop_purchase (id, buyer_id, qty) VALUES ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-8000-000000000002', 3);",
  rows="SELECT p.id, p.buyer_id, p.qty FROM shop_purchase p ORDER BY p.id")
S('add_check', '    m.add_check("shop.customer", "ck_customer_age", "age >= 0");', '    m.drop_check("shop.customer", "ck_customer_age");')
S('drop_check', '    m.drop_check("shop.customer", "ck_customer_age");', '    m.add_check("shop.customer", "ck_customer_age", "age >= 0");',
  base_up='    m.add_check("shop.customer", "ck_customer_age", "age >= 0");')
S('raw_sql_with_down', '    m.sql("UPDATE shop_customer SET age = age + 1 WHERE age IS NOT NULL", "UPDATE shop_customer SET age = age - 1 WHERE age IS NOT NULL");',
  '    m.sql("UPDATE shop_customer SET age = age - 1 WHERE age IS NOT NULL", "UPDATE shop_customer SET age = age + 1 WHERE age IS NOT NULL");',
  rows_after="SELECT id, name, email, age - 1, note FROM shop_customer ORDER BY name", catalog_unchanged=True)
S('hooks_before_after', '    m.add_column("shop.customer", (t) => t.string("slug", 120).optional());', '    m.drop_column("shop.customer", "slug");',
  extra='''
  up_hook(h) {
    h.before("UPDATE shop_customer SET note = note");
    h.after("UPDATE shop_customer SET slug = lower(name)");
  },''', rows_after="SELECT id, name, email, age, note FROM shop_customer WHERE slug = lower(name) ORDER BY name")
S('backfill', '    m.add_column("shop.customer", (t) => t.string("status", 20).optional());', '    m.drop_column("shop.customer", "status");',
  extra='''
  up_hook(h) {
    h.backfill("shop.customer", "status", "'active'");
  },''', rows_after="SELECT id, name, email, age, note FROM shop_customer WHERE status = 'active' ORDER BY name")
S('add_column_and_index', '''    m.add_column("shop.customer", (t) => t.string("city", 80).optional());
    m.create_index("shop.customer", ["city"], { name: "idx_customer_city" });''', '''    m.drop_index("idx_customer_city");
    m.drop_column("shop.customer", "city");''')
S('create_two_tables_with_fk', '''    m.create_table("crm.team", (t) => {
      t.id();
      t.string("title", 60);
    });
    m.create_table("crm.member", (t) => {
      t.id();
      t.belongs_to("crm.team");
      t.belongs_to("shop.customer");
    });''', '''    m.drop_table("crm.member");
    m.drop_table("crm.team");''')
S('rename_indexed_column', '    m.rename_column("shop.customer", "note", "remark");', '    m.rename_column("shop.customer", "remark", "note");',
  base_up='    m.create_index("shop.customer", ["note"], { name: "idx_customer_note" });', base_down='    m.drop_index("idx_customer_note");',
  rows_after="SELECT id, name, email, age, remark FROM shop_customer ORDER BY name")
S('drop_indexed_column', '''    m.drop_index("idx_customer_age");
    m.drop_column("shop.customer", "age");''', '''    m.add_column("shop.customer", (t) => t.integer("age").optional());
    m.create_index("shop.customer", ["age"], { name: "idx_customer_age" });''',
  base_up='    m.create_index("shop.customer", ["age"], { name: "idx_customer_age" });', base_down='    m.drop_index("idx_customer_age");',
  rows="SELECT id, name, email, note FROM shop_customer ORDER BY name")
S('alter_referenced_table', '    m.alter_column("shop.customer", "name", (c) => c.set_type("string", 150));', '    m.alter_column("shop.customer", "name", (c) => c.set_type("string", 100));',
  with_order=True, rows=ROWS_O)
S('alter_referencing_table', '    m.alter_column("shop.order", "code", (c) => c.set_nullable());', '    m.alter_column("shop.order", "code", (c) => c.set_not_null());',
  with_order=True, rows=ROWS_O)
S('add_column_to_referenced', '    m.add_column("shop.customer", (t) => t.string("phone", 20).optional());', '    m.drop_column("shop.customer", "phone");',
  with_order=True, rows=ROWS_O)
S('rename_referenced_table', '    m.rename_table("shop.customer", "buyer");', '    m.rename_table("shop.buyer", "customer");',
  with_order=True, rows=ROWS_O)
S('three_steps_last_rolled_back', '    m.add_column("shop.customer", (t) => t.string("city", 80).optional());', '    m.drop_column("shop.customer", "city");',
  more=[('003_more.js', mig('003', '002', '    m.create_index("shop.customer", ["city"], { name: "idx_customer_city" });', '    m.drop_index("idx_customer_city");'))])
S('no_transaction', '''    m.create_index("shop.customer", ["age"], { name: "idx_customer_age2" });
    m.add_column("shop.customer", (t) => t.integer("visits").default(0));''', '''    m.drop_column("shop.customer", "visits");
    m.drop_index("idx_customer_age2");''', extra='\n  transaction: false,')
S('timestamps_and_soft_delete', '''    m.create_table("shop.note", (t) => {
      t.id();
      t.belongs_to("shop.customer");
      t.text("body");
      t.timestamps();
      t.soft_delete();
    });''', '    m.drop_table("shop.note");')
S('drop_table_referenced_data', '    m.drop_table("shop.order");\n    m.drop_column("shop.customer", "note");',
  '    m.add_column("shop.customer", (t) => t.text("note").optional());\n' + ORDER, with_order=True,
  rows="SELECT id, name, email, age FROM shop_customer ORDER BY name")

for name, files, seed, rows, rows_after, catalog_unchanged in scenarios:
    txt = ''
    for fname, content in files:
        txt += '-- %s --\n%s' % (fname, content)
    txt += '-- seed.sql --\n%s\n' % seed
    txt += '-- rows.sql --\n%s\n' % rows
    if rows_after:
        txt += '-- rows_after.sql --\n%s\n' % rows_after
    if catalog_unchanged:
        txt += '-- catalog_unchanged --\n'
    open(os.path.join(OUT, name + '.txtar'), 'w').write(txt)
print(len(scenarios))
