CREATE TABLE m (id integer PRIMARY KEY, a integer NOT NULL, b integer NOT NULL)
