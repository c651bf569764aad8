CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
CREATE INDEX t_a_b ON t (a, b)
