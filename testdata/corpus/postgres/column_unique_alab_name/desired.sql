CREATE TABLE acc (id integer PRIMARY KEY, handle text NOT NULL);
CREATE UNIQUE INDEX uniq_acc_handle ON acc (handle)
