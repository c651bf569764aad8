CREATE TABLE t (id integer PRIMARY KEY, qty integer NOT NULL DEFAULT 1)
