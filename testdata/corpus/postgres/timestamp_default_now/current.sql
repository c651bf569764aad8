CREATE TABLE ev (id integer PRIMARY KEY, at timestamptz NOT NULL)
