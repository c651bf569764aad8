CREATE TABLE o (id INTEGER PRIMARY KEY, state TEXT NOT NULL CHECK (state IN ('open', 'paid', 'refunded')))
