CREATE TABLE people (id integer PRIMARY KEY, age integer)
