CREATE TABLE auth_user (id TEXT NOT NULL PRIMARY KEY, email VARCHAR(255) NOT NULL, last_login DATETIME);
CREATE UNIQUE INDEX uniq_auth_user_email ON auth_user (email);
CREATE TABLE blog_post (id TEXT NOT NULL PRIMARY KEY, author_id TEXT NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE, title VARCHAR(200) NOT NULL);
CREATE INDEX idx_blog_post_author_id ON blog_post (author_id)
