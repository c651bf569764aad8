CREATE TABLE auth_user (id TEXT NOT NULL PRIMARY KEY, email VARCHAR(255) NOT NULL);
CREATE UNIQUE INDEX uniq_auth_user_email ON auth_user (email)
