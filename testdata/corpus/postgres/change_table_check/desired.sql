CREATE TABLE p (id integer PRIMARY KEY, lo integer, hi integer, CONSTRAINT range_ok CHECK (lo <= hi))
