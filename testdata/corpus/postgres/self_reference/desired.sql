CREATE TABLE nodes (id integer PRIMARY KEY, parent_id integer, CONSTRAINT fk_nodes_parent FOREIGN KEY (parent_id) REFERENCES nodes (id))
