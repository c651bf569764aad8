CREATE TABLE posts (id integer PRIMARY KEY, status text NOT NULL, deleted_at timestamptz);
CREATE INDEX posts_live ON posts (status) WHERE deleted_at IS NULL
