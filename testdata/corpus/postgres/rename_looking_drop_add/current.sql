CREATE TABLE t (id integer PRIMARY KEY, old_name text)
