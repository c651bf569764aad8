CREATE TABLE t (id integer PRIMARY KEY, d date, tm time)
