CREATE TABLE t (id integer PRIMARY KEY, greeting text DEFAULT 'it''s here')
