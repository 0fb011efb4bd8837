-- Stock per SKU. The CHECKs are the last line of defence: the write paths use conditional
-- UPDATEs so a violation never reaches them, but no code path can oversell past them either.
CREATE TABLE skus (
  sku        text PRIMARY KEY,
  on_hand    integer NOT NULL CHECK (on_hand >= 0),
  reserved   integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  seq        bigint  NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reserved_within_on_hand CHECK (on_hand >= reserved)
);

CREATE TABLE reservations (
  id         uuid PRIMARY KEY,
  sku        text NOT NULL REFERENCES skus (sku),
  order_id   text NOT NULL,
  quantity   integer NOT NULL CHECK (quantity > 0),
  status     text NOT NULL CHECK (status IN ('held', 'released', 'committed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reservations_sku ON reservations (sku);

-- One row per change: the SKU's history, newest first by seq.
CREATE TABLE stock_changes (
  sku            text    NOT NULL REFERENCES skus (sku),
  seq            bigint  NOT NULL,
  reason         text    NOT NULL,
  delta          integer NOT NULL,
  on_hand        integer NOT NULL,
  reserved       integer NOT NULL,
  reservation_id uuid,
  note           text,
  correlation_id text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sku, seq)
);

-- Transactional outbox: written with the change, published by the relay in id order.
CREATE TABLE outbox (
  id             bigserial PRIMARY KEY,
  event_id       uuid NOT NULL UNIQUE,
  sku            text NOT NULL,
  seq            bigint NOT NULL,
  payload        text NOT NULL,
  correlation_id text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  sent_at        timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- Idempotency-Key: written in the same transaction as the change it guards.
CREATE TABLE idempotency_keys (
  key          text PRIMARY KEY,
  request_hash text NOT NULL,
  status       integer,
  body         text, -- the exact bytes first sent, so a replay is byte-identical
  created_at   timestamptz NOT NULL DEFAULT now()
);
