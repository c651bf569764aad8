CREATE TABLE names (id integer PRIMARY KEY, first text NOT NULL, last text NOT NULL)
