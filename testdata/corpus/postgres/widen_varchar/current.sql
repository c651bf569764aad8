CREATE TABLE t (id integer PRIMARY KEY, code varchar(10) NOT NULL)
