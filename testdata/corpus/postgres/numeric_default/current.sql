CREATE TABLE t (id integer PRIMARY KEY, fee numeric(6,2) NOT NULL DEFAULT 0)
