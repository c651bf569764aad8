CREATE TABLE a (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE b (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), a_id uuid NOT NULL, CONSTRAINT fk_b_a_id FOREIGN KEY (a_id) REFERENCES a (id));
CREATE INDEX idx_b_a_id ON b (a_id)
