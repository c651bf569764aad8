CREATE TABLE p (id integer PRIMARY KEY, qty integer)
