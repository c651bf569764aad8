CREATE TABLE posts (id INTEGER PRIMARY KEY, status TEXT NOT NULL, deleted_at DATETIME);
CREATE INDEX posts_live ON posts (status) WHERE deleted_at IS NULL
