CREATE TABLE p (id integer PRIMARY KEY, price numeric(10,2) NOT NULL)
