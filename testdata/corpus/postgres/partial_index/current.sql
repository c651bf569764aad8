CREATE TABLE posts (id integer PRIMARY KEY, status text NOT NULL, deleted_at timestamptz)
