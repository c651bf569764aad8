CREATE TABLE prefs (id integer PRIMARY KEY, data jsonb NOT NULL DEFAULT '{"theme": "dark"}')
