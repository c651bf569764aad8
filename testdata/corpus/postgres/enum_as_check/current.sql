CREATE TABLE orders (id integer PRIMARY KEY, state text NOT NULL)
