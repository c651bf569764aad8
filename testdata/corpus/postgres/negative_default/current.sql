CREATE TABLE t (id integer PRIMARY KEY, delta integer NOT NULL DEFAULT 0)
