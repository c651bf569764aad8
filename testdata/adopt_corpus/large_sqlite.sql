CREATE TABLE account_0 (
  id INTEGER PRIMARY KEY,
  handle VARCHAR(40) NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'gone')),
  balance NUMERIC(14,2) NOT NULL DEFAULT 0,
  created_at TEXT,
  profile JSON
);
CREATE TABLE region_0 (code CHAR(2) NOT NULL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE shop0_item (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL,
  region CHAR(2) REFERENCES region_0 (code) ON UPDATE CASCADE,
  price REAL NOT NULL,
  kind TEXT CONSTRAINT shop0_item_kind CHECK (kind IN ('a', 'b'))
);
CREATE TABLE shop0_order (
  account_handle VARCHAR(40) NOT NULL REFERENCES account_0 (handle),
  n INTEGER NOT NULL,
  note TEXT,
  PRIMARY KEY (account_handle, n)
);
CREATE TABLE shop0_line (
  id INTEGER PRIMARY KEY,
  order_handle VARCHAR(40) NOT NULL,
  order_n INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES shop0_item (id) ON DELETE RESTRICT,
  qty INT NOT NULL,
  FOREIGN KEY (order_handle, order_n) REFERENCES shop0_order (account_handle, n) ON DELETE CASCADE
);
CREATE TABLE audit0 (at TEXT NOT NULL, who INTEGER REFERENCES account_0 (id), what TEXT NOT NULL);
CREATE TABLE tree0 (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree0 (id), label TEXT);
CREATE TABLE tag0 (name TEXT NOT NULL PRIMARY KEY);
CREATE TABLE item0_tag (
  item_id INTEGER NOT NULL REFERENCES shop0_item (id) ON DELETE CASCADE,
  tag TEXT NOT NULL REFERENCES tag0 (name),
  PRIMARY KEY (item_id, tag)
);
CREATE TABLE metric0 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value DOUBLE NOT NULL, raw);
CREATE INDEX shop0_item_lower_sku ON shop0_item (lower(sku));
CREATE INDEX audit0_at ON audit0 (at DESC);
CREATE INDEX shop0_line_item ON shop0_line (item_id);
CREATE TABLE account_1 (
  id INTEGER PRIMARY KEY,
  handle VARCHAR(40) NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'gone')),
  balance NUMERIC(14,2) NOT NULL DEFAULT 0,
  created_at TEXT,
  profile JSON
);
CREATE TABLE region_1 (code CHAR(2) NOT NULL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE shop1_item (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL,
  region CHAR(2) REFERENCES region_1 (code) ON UPDATE CASCADE,
  price REAL NOT NULL,
  kind TEXT CONSTRAINT shop1_item_kind CHECK (kind IN ('a', 'b'))
);
CREATE TABLE shop1_order (
  account_handle VARCHAR(40) NOT NULL REFERENCES account_1 (handle),
  n INTEGER NOT NULL,
  note TEXT,
  PRIMARY KEY (account_handle, n)
);
CREATE TABLE shop1_line (
  id INTEGER PRIMARY KEY,
  order_handle VARCHAR(40) NOT NULL,
  order_n INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES shop1_item (id) ON DELETE RESTRICT,
  qty INT NOT NULL,
  FOREIGN KEY (order_handle, order_n) REFERENCES shop1_order (account_handle, n) ON DELETE CASCADE
);
CREATE TABLE audit1 (at TEXT NOT NULL, who INTEGER REFERENCES account_1 (id), what TEXT NOT NULL);
CREATE TABLE tree1 (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree1 (id), label TEXT);
CREATE TABLE tag1 (name TEXT NOT NULL PRIMARY KEY);
CREATE TABLE item1_tag (
  item_id INTEGER NOT NULL REFERENCES shop1_item (id) ON DELETE CASCADE,
  tag TEXT NOT NULL REFERENCES tag1 (name),
  PRIMARY KEY (item_id, tag)
);
CREATE TABLE metric1 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value DOUBLE NOT NULL, raw);
CREATE INDEX shop1_item_lower_sku ON shop1_item (lower(sku));
CREATE INDEX audit1_at ON audit1 (at DESC);
CREATE INDEX shop1_line_item ON shop1_line (item_id);
CREATE TABLE account_2 (
  id INTEGER PRIMARY KEY,
  handle VARCHAR(40) NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'gone')),
  balance NUMERIC(14,2) NOT NULL DEFAULT 0,
  created_at TEXT,
  profile JSON
);
CREATE TABLE region_2 (code CHAR(2) NOT NULL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE shop2_item (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL,
  region CHAR(2) REFERENCES region_2 (code) ON UPDATE CASCADE,
  price REAL NOT NULL,
  kind TEXT CONSTRAINT shop2_item_kind CHECK (kind IN ('a', 'b'))
);
CREATE TABLE shop2_order (
  account_handle VARCHAR(40) NOT NULL REFERENCES account_2 (handle),
  n INTEGER NOT NULL,
  note TEXT,
  PRIMARY KEY (account_handle, n)
);
CREATE TABLE shop2_line (
  id INTEGER PRIMARY KEY,
  order_handle VARCHAR(40) NOT NULL,
  order_n INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES shop2_item (id) ON DELETE RESTRICT,
  qty INT NOT NULL,
  FOREIGN KEY (order_handle, order_n) REFERENCES shop2_order (account_handle, n) ON DELETE CASCADE
);
CREATE TABLE audit2 (at TEXT NOT NULL, who INTEGER REFERENCES account_2 (id), what TEXT NOT NULL);
CREATE TABLE tree2 (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree2 (id), label TEXT);
CREATE TABLE tag2 (name TEXT NOT NULL PRIMARY KEY);
CREATE TABLE item2_tag (
  item_id INTEGER NOT NULL REFERENCES shop2_item (id) ON DELETE CASCADE,
  tag TEXT NOT NULL REFERENCES tag2 (name),
  PRIMARY KEY (item_id, tag)
);
CREATE TABLE metric2 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value DOUBLE NOT NULL, raw);
CREATE INDEX shop2_item_lower_sku ON shop2_item (lower(sku));
CREATE INDEX audit2_at ON audit2 (at DESC);
CREATE INDEX shop2_line_item ON shop2_line (item_id);
CREATE TABLE account_3 (
  id INTEGER PRIMARY KEY,
  handle VARCHAR(40) NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'gone')),
  balance NUMERIC(14,2) NOT NULL DEFAULT 0,
  created_at TEXT,
  profile JSON
);
CREATE TABLE region_3 (code CHAR(2) NOT NULL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE shop3_item (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL,
  region CHAR(2) REFERENCES region_3 (code) ON UPDATE CASCADE,
  price REAL NOT NULL,
  kind TEXT CONSTRAINT shop3_item_kind CHECK (kind IN ('a', 'b'))
);
CREATE TABLE shop3_order (
  account_handle VARCHAR(40) NOT NULL REFERENCES account_3 (handle),
  n INTEGER NOT NULL,
  note TEXT,
  PRIMARY KEY (account_handle, n)
);
CREATE TABLE shop3_line (
  id INTEGER PRIMARY KEY,
  order_handle VARCHAR(40) NOT NULL,
  order_n INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES shop3_item (id) ON DELETE RESTRICT,
  qty INT NOT NULL,
  FOREIGN KEY (order_handle, order_n) REFERENCES shop3_order (account_handle, n) ON DELETE CASCADE
);
CREATE TABLE audit3 (at TEXT NOT NULL, who INTEGER REFERENCES account_3 (id), what TEXT NOT NULL);
CREATE TABLE tree3 (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree3 (id), label TEXT);
CREATE TABLE tag3 (name TEXT NOT NULL PRIMARY KEY);
CREATE TABLE item3_tag (
  item_id INTEGER NOT NULL REFERENCES shop3_item (id) ON DELETE CASCADE,
  tag TEXT NOT NULL REFERENCES tag3 (name),
  PRIMARY KEY (item_id, tag)
);
CREATE TABLE metric3 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value DOUBLE NOT NULL, raw);
CREATE INDEX shop3_item_lower_sku ON shop3_item (lower(sku));
CREATE INDEX audit3_at ON audit3 (at DESC);
CREATE INDEX shop3_line_item ON shop3_line (item_id);
CREATE TABLE account_4 (
  id INTEGER PRIMARY KEY,
  handle VARCHAR(40) NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'gone')),
  balance NUMERIC(14,2) NOT NULL DEFAULT 0,
  created_at TEXT,
  profile JSON
);
CREATE TABLE region_4 (code CHAR(2) NOT NULL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE shop4_item (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL,
  region CHAR(2) REFERENCES region_4 (code) ON UPDATE CASCADE,
  price REAL NOT NULL,
  kind TEXT CONSTRAINT shop4_item_kind CHECK (kind IN ('a', 'b'))
);
CREATE TABLE shop4_order (
  account_handle VARCHAR(40) NOT NULL REFERENCES account_4 (handle),
  n INTEGER NOT NULL,
  note TEXT,
  PRIMARY KEY (account_handle, n)
);
CREATE TABLE shop4_line (
  id INTEGER PRIMARY KEY,
  order_handle VARCHAR(40) NOT NULL,
  order_n INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES shop4_item (id) ON DELETE RESTRICT,
  qty INT NOT NULL,
  FOREIGN KEY (order_handle, order_n) REFERENCES shop4_order (account_handle, n) ON DELETE CASCADE
);
CREATE TABLE audit4 (at TEXT NOT NULL, who INTEGER REFERENCES account_4 (id), what TEXT NOT NULL);
CREATE TABLE tree4 (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree4 (id), label TEXT);
CREATE TABLE tag4 (name TEXT NOT NULL PRIMARY KEY);
CREATE TABLE item4_tag (
  item_id INTEGER NOT NULL REFERENCES shop4_item (id) ON DELETE CASCADE,
  tag TEXT NOT NULL REFERENCES tag4 (name),
  PRIMARY KEY (item_id, tag)
);
CREATE TABLE metric4 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value DOUBLE NOT NULL, raw);
CREATE INDEX shop4_item_lower_sku ON shop4_item (lower(sku));
CREATE INDEX audit4_at ON audit4 (at DESC);
CREATE INDEX shop4_line_item ON shop4_line (item_id);
CREATE TABLE account_5 (
  id INTEGER PRIMARY KEY,
  handle VARCHAR(40) NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'gone')),
  balance NUMERIC(14,2) NOT NULL DEFAULT 0,
  created_at TEXT,
  profile JSON
);
CREATE TABLE region_5 (code CHAR(2) NOT NULL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE shop5_item (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL,
  region CHAR(2) REFERENCES region_5 (code) ON UPDATE CASCADE,
  price REAL NOT NULL,
  kind TEXT CONSTRAINT shop5_item_kind CHECK (kind IN ('a', 'b'))
);
CREATE TABLE shop5_order (
  account_handle VARCHAR(40) NOT NULL REFERENCES account_5 (handle),
  n INTEGER NOT NULL,
  note TEXT,
  PRIMARY KEY (account_handle, n)
);
CREATE TABLE shop5_line (
  id INTEGER PRIMARY KEY,
  order_handle VARCHAR(40) NOT NULL,
  order_n INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES shop5_item (id) ON DELETE RESTRICT,
  qty INT NOT NULL,
  FOREIGN KEY (order_handle, order_n) REFERENCES shop5_order (account_handle, n) ON DELETE CASCADE
);
CREATE TABLE audit5 (at TEXT NOT NULL, who INTEGER REFERENCES account_5 (id), what TEXT NOT NULL);
CREATE TABLE tree5 (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree5 (id), label TEXT);
CREATE TABLE tag5 (name TEXT NOT NULL PRIMARY KEY);
CREATE TABLE item5_tag (
  item_id INTEGER NOT NULL REFERENCES shop5_item (id) ON DELETE CASCADE,
  tag TEXT NOT NULL REFERENCES tag5 (name),
  PRIMARY KEY (item_id, tag)
);
CREATE TABLE metric5 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value DOUBLE NOT NULL, raw);
CREATE INDEX shop5_item_lower_sku ON shop5_item (lower(sku));
CREATE INDEX audit5_at ON audit5 (at DESC);
CREATE INDEX shop5_line_item ON shop5_line (item_id);
CREATE TABLE account_6 (
  id INTEGER PRIMARY KEY,
  handle VARCHAR(40) NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'gone')),
  balance NUMERIC(14,2) NOT NULL DEFAULT 0,
  created_at TEXT,
  profile JSON
);
CREATE TABLE region_6 (code CHAR(2) NOT NULL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE shop6_item (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL,
  region CHAR(2) REFERENCES region_6 (code) ON UPDATE CASCADE,
  price REAL NOT NULL,
  kind TEXT CONSTRAINT shop6_item_kind CHECK (kind IN ('a', 'b'))
);
CREATE TABLE shop6_order (
  account_handle VARCHAR(40) NOT NULL REFERENCES account_6 (handle),
  n INTEGER NOT NULL,
  note TEXT,
  PRIMARY KEY (account_handle, n)
);
CREATE TABLE shop6_line (
  id INTEGER PRIMARY KEY,
  order_handle VARCHAR(40) NOT NULL,
  order_n INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES shop6_item (id) ON DELETE RESTRICT,
  qty INT NOT NULL,
  FOREIGN KEY (order_handle, order_n) REFERENCES shop6_order (account_handle, n) ON DELETE CASCADE
);
CREATE TABLE audit6 (at TEXT NOT NULL, who INTEGER REFERENCES account_6 (id), what TEXT NOT NULL);
CREATE TABLE tree6 (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree6 (id), label TEXT);
CREATE TABLE tag6 (name TEXT NOT NULL PRIMARY KEY);
CREATE TABLE item6_tag (
  item_id INTEGER NOT NULL REFERENCES shop6_item (id) ON DELETE CASCADE,
  tag TEXT NOT NULL REFERENCES tag6 (name),
  PRIMARY KEY (item_id, tag)
);
CREATE TABLE metric6 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value DOUBLE NOT NULL, raw);
CREATE INDEX shop6_item_lower_sku ON shop6_item (lower(sku));
CREATE INDEX audit6_at ON audit6 (at DESC);
CREATE INDEX shop6_line_item ON shop6_line (item_id);
CREATE TABLE account_7 (
  id INTEGER PRIMARY KEY,
  handle VARCHAR(40) NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'gone')),
  balance NUMERIC(14,2) NOT NULL DEFAULT 0,
  created_at TEXT,
  profile JSON
);
CREATE TABLE region_7 (code CHAR(2) NOT NULL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE shop7_item (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL,
  region CHAR(2) REFERENCES region_7 (code) ON UPDATE CASCADE,
  price REAL NOT NULL,
  kind TEXT CONSTRAINT shop7_item_kind CHECK (kind IN ('a', 'b'))
);
CREATE TABLE shop7_order (
  account_handle VARCHAR(40) NOT NULL REFERENCES account_7 (handle),
  n INTEGER NOT NULL,
  note TEXT,
  PRIMARY KEY (account_handle, n)
);
CREATE TABLE shop7_line (
  id INTEGER PRIMARY KEY,
  order_handle VARCHAR(40) NOT NULL,
  order_n INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES shop7_item (id) ON DELETE RESTRICT,
  qty INT NOT NULL,
  FOREIGN KEY (order_handle, order_n) REFERENCES shop7_order (account_handle, n) ON DELETE CASCADE
);
CREATE TABLE audit7 (at TEXT NOT NULL, who INTEGER REFERENCES account_7 (id), what TEXT NOT NULL);
CREATE TABLE tree7 (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree7 (id), label TEXT);
CREATE TABLE tag7 (name TEXT NOT NULL PRIMARY KEY);
CREATE TABLE item7_tag (
  item_id INTEGER NOT NULL REFERENCES shop7_item (id) ON DELETE CASCADE,
  tag TEXT NOT NULL REFERENCES tag7 (name),
  PRIMARY KEY (item_id, tag)
);
CREATE TABLE metric7 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value DOUBLE NOT NULL, raw);
CREATE INDEX shop7_item_lower_sku ON shop7_item (lower(sku));
CREATE INDEX audit7_at ON audit7 (at DESC);
CREATE INDEX shop7_line_item ON shop7_line (item_id);
CREATE TABLE account_8 (
  id INTEGER PRIMARY KEY,
  handle VARCHAR(40) NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'gone')),
  balance NUMERIC(14,2) NOT NULL DEFAULT 0,
  created_at TEXT,
  profile JSON
);
CREATE TABLE region_8 (code CHAR(2) NOT NULL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE shop8_item (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL,
  region CHAR(2) REFERENCES region_8 (code) ON UPDATE CASCADE,
  price REAL NOT NULL,
  kind TEXT CONSTRAINT shop8_item_kind CHECK (kind IN ('a', 'b'))
);
CREATE TABLE shop8_order (
  account_handle VARCHAR(40) NOT NULL REFERENCES account_8 (handle),
  n INTEGER NOT NULL,
  note TEXT,
  PRIMARY KEY (account_handle, n)
);
CREATE TABLE shop8_line (
  id INTEGER PRIMARY KEY,
  order_handle VARCHAR(40) NOT NULL,
  order_n INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES shop8_item (id) ON DELETE RESTRICT,
  qty INT NOT NULL,
  FOREIGN KEY (order_handle, order_n) REFERENCES shop8_order (account_handle, n) ON DELETE CASCADE
);
CREATE TABLE audit8 (at TEXT NOT NULL, who INTEGER REFERENCES account_8 (id), what TEXT NOT NULL);
CREATE TABLE tree8 (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree8 (id), label TEXT);
CREATE TABLE tag8 (name TEXT NOT NULL PRIMARY KEY);
CREATE TABLE item8_tag (
  item_id INTEGER NOT NULL REFERENCES shop8_item (id) ON DELETE CASCADE,
  tag TEXT NOT NULL REFERENCES tag8 (name),
  PRIMARY KEY (item_id, tag)
);
CREATE TABLE metric8 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value DOUBLE NOT NULL, raw);
CREATE INDEX shop8_item_lower_sku ON shop8_item (lower(sku));
CREATE INDEX audit8_at ON audit8 (at DESC);
CREATE INDEX shop8_line_item ON shop8_line (item_id);
CREATE TABLE account_9 (
  id INTEGER PRIMARY KEY,
  handle VARCHAR(40) NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'gone')),
  balance NUMERIC(14,2) NOT NULL DEFAULT 0,
  created_at TEXT,
  profile JSON
);
CREATE TABLE region_9 (code CHAR(2) NOT NULL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE shop9_item (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL,
  region CHAR(2) REFERENCES region_9 (code) ON UPDATE CASCADE,
  price REAL NOT NULL,
  kind TEXT CONSTRAINT shop9_item_kind CHECK (kind IN ('a', 'b'))
);
CREATE TABLE shop9_order (
  account_handle VARCHAR(40) NOT NULL REFERENCES account_9 (handle),
  n INTEGER NOT NULL,
  note TEXT,
  PRIMARY KEY (account_handle, n)
);
CREATE TABLE shop9_line (
  id INTEGER PRIMARY KEY,
  order_handle VARCHAR(40) NOT NULL,
  order_n INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES shop9_item (id) ON DELETE RESTRICT,
  qty INT NOT NULL,
  FOREIGN KEY (order_handle, order_n) REFERENCES shop9_order (account_handle, n) ON DELETE CASCADE
);
CREATE TABLE audit9 (at TEXT NOT NULL, who INTEGER REFERENCES account_9 (id), what TEXT NOT NULL);
CREATE TABLE tree9 (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree9 (id), label TEXT);
CREATE TABLE tag9 (name TEXT NOT NULL PRIMARY KEY);
CREATE TABLE item9_tag (
  item_id INTEGER NOT NULL REFERENCES shop9_item (id) ON DELETE CASCADE,
  tag TEXT NOT NULL REFERENCES tag9 (name),
  PRIMARY KEY (item_id, tag)
);
CREATE TABLE metric9 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value DOUBLE NOT NULL, raw);
CREATE INDEX shop9_item_lower_sku ON shop9_item (lower(sku));
CREATE INDEX audit9_at ON audit9 (at DESC);
CREATE INDEX shop9_line_item ON shop9_line (item_id);
