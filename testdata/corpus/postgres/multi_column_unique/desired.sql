CREATE TABLE m (id integer PRIMARY KEY, a integer NOT NULL, b integer NOT NULL);
CREATE UNIQUE INDEX m_a_b_uniq ON m (a, b)
