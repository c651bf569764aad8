CREATE TABLE p (id integer PRIMARY KEY, price numeric(10,2) NOT NULL, CONSTRAINT price_positive CHECK (price > 0))
