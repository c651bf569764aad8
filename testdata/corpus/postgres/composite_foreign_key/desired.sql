CREATE TABLE a (x integer NOT NULL, y integer NOT NULL, PRIMARY KEY (x, y));
CREATE TABLE b (id integer PRIMARY KEY, ax integer, ay integer, CONSTRAINT fk_b_a FOREIGN KEY (ax, ay) REFERENCES a (x, y))
