CREATE TABLE k (id integer PRIMARY KEY, s varchar(20), t text, i integer, f double precision, d numeric(8,3), b boolean, dt date, tm time, ts timestamptz, j jsonb, by bytea, u uuid)
