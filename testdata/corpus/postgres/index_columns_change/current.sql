CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
CREATE INDEX t_ab ON t (a)
