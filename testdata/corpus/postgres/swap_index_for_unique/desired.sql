CREATE TABLE t (id integer PRIMARY KEY, code text NOT NULL);
CREATE UNIQUE INDEX t_code ON t (code)
