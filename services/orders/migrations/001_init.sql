-- The first migration of orders: migrate() (services/lib/src/db.ts) runs it once, in the schema orders,
-- and never again (a changed file refuses the start: add 002_<what>.sql instead).
CREATE TABLE items (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
