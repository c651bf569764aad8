CREATE TABLE t (id integer PRIMARY KEY, lang text)
