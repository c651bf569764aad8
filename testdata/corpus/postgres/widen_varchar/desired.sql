CREATE TABLE t (id integer PRIMARY KEY, code varchar(40) NOT NULL)
