CREATE TABLE t (id integer PRIMARY KEY, note varchar(100))
