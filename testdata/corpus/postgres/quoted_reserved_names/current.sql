CREATE TABLE "order" (id integer PRIMARY KEY, "select" text)
