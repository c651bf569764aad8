CREATE TABLE auth_user (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email varchar(255) NOT NULL);
CREATE UNIQUE INDEX uniq_auth_user_email ON auth_user (email)
