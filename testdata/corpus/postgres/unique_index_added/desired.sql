CREATE TABLE acc (id integer PRIMARY KEY, handle text NOT NULL);
CREATE UNIQUE INDEX acc_handle_key ON acc (handle)
