CREATE TABLE authors (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE editors (id integer PRIMARY KEY);
CREATE TABLE books (id integer PRIMARY KEY, person_id integer, CONSTRAINT fk_person FOREIGN KEY (person_id) REFERENCES editors (id))
