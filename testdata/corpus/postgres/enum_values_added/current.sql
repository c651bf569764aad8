CREATE TABLE orders (id integer PRIMARY KEY, state text NOT NULL DEFAULT 'open' CONSTRAINT chk_orders_state_enum CHECK (state IN ('open', 'paid')))
