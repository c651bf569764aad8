CREATE TABLE t (id integer PRIMARY KEY, new_name text)
