CREATE TABLE p (id integer PRIMARY KEY, qty integer, CONSTRAINT qty_small CHECK (qty < 100))
