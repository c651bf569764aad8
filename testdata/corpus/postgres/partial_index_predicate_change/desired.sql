CREATE TABLE posts (id integer PRIMARY KEY, status text NOT NULL);
CREATE INDEX posts_st ON posts (status) WHERE status = 'published'
