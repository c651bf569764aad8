CREATE TABLE t (id integer PRIMARY KEY, meta jsonb)
