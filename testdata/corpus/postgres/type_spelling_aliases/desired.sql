CREATE TABLE k (id int PRIMARY KEY, a character varying(30), b float8, c int4, d decimal(5,1))
