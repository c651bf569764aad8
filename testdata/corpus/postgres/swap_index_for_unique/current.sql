CREATE TABLE t (id integer PRIMARY KEY, code text NOT NULL);
CREATE INDEX t_code ON t (code)
