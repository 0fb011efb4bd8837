-- Pricing state per SKU. Money is integer cents; the multiplier is integer basis points (10000 = x1).
CREATE TABLE pricing.policies (
  sku                  text PRIMARY KEY,
  base_price           bigint  NOT NULL CHECK (base_price > 0),
  low_stock_threshold  integer NOT NULL CHECK (low_stock_threshold >= 0),
  overstock_threshold  integer NOT NULL CHECK (overstock_threshold > low_stock_threshold),
  floor                bigint  NOT NULL CHECK (floor >= 0),
  ceiling              bigint  NOT NULL CHECK (ceiling >= floor),
  updated_at           timestamptz NOT NULL DEFAULT now()
);

-- The current price and the stock state it was computed from. last_seq is the per-SKU sequence
-- number of the newest applied event: the idempotency guard (apply only when seq > last_seq).
CREATE TABLE pricing.prices (
  sku            text PRIMARY KEY,
  last_seq       bigint  NOT NULL CHECK (last_seq >= 0),
  on_hand        integer NOT NULL,
  reserved       integer NOT NULL,
  available      integer NOT NULL,
  base_price     bigint  NOT NULL,
  multiplier_bp  integer NOT NULL,
  price          bigint  NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per applied stock event or policy change, newest = highest id.
CREATE TABLE pricing.price_history (
  id             bigserial PRIMARY KEY,
  sku            text    NOT NULL,
  seq            bigint  NOT NULL,
  cause          text    NOT NULL CHECK (cause IN ('stock', 'policy')),
  event_id       text,
  available      integer NOT NULL,
  base_price     bigint  NOT NULL,
  multiplier_bp  integer NOT NULL,
  price          bigint  NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX price_history_sku_id ON pricing.price_history (sku, id DESC);
