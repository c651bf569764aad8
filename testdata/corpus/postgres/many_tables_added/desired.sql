CREATE TABLE base (id integer PRIMARY KEY);
CREATE TABLE extra_0 (id integer PRIMARY KEY, base_id integer REFERENCES base (id), label text);
CREATE TABLE extra_1 (id integer PRIMARY KEY, base_id integer REFERENCES base (id), label text);
CREATE TABLE extra_2 (id integer PRIMARY KEY, base_id integer REFERENCES base (id), label text);
CREATE TABLE extra_3 (id integer PRIMARY KEY, base_id integer REFERENCES base (id), label text);
CREATE TABLE extra_4 (id integer PRIMARY KEY, base_id integer REFERENCES base (id), label text);
CREATE TABLE extra_5 (id integer PRIMARY KEY, base_id integer REFERENCES base (id), label text)
