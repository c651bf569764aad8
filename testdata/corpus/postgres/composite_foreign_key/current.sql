CREATE TABLE a (x integer NOT NULL, y integer NOT NULL, PRIMARY KEY (x, y));
CREATE TABLE b (id integer PRIMARY KEY, ax integer, ay integer)
