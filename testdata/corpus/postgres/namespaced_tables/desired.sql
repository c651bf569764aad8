CREATE TABLE auth_user (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email varchar(255) NOT NULL, last_login timestamptz);
CREATE UNIQUE INDEX uniq_auth_user_email ON auth_user (email);
CREATE TABLE blog_post (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), author_id uuid NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE, title varchar(200) NOT NULL);
CREATE INDEX idx_blog_post_author_id ON blog_post (author_id)
