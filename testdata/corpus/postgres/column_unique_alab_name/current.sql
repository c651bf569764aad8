CREATE TABLE acc (id integer PRIMARY KEY, handle text NOT NULL)
