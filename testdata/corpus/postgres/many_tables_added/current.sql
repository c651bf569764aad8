CREATE TABLE base (id integer PRIMARY KEY)
