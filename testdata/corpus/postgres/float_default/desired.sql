CREATE TABLE t (id integer PRIMARY KEY, ratio double precision DEFAULT 2.25)
