CREATE TABLE acc (id INTEGER PRIMARY KEY, handle TEXT NOT NULL);
CREATE UNIQUE INDEX uniq_acc_handle ON acc (handle)
