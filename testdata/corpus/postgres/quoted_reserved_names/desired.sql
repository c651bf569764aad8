CREATE TABLE "order" (id integer PRIMARY KEY, "select" text, "group" integer DEFAULT 1)
