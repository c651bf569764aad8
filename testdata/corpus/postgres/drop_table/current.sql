CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email varchar(255) NOT NULL);
CREATE TABLE old_logs (id integer PRIMARY KEY, line text)
