CREATE TABLE t (id integer PRIMARY KEY, email text NOT NULL);
CREATE INDEX idx_t_email ON t (email)
