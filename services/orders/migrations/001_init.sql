-- orders' schema: the orders and their lines (the saga's state), the transactional outbox of the order
-- events, and the ledger of the local fake payment provider. migrate() (services/lib/src/db.ts) runs this
-- once, in the schema orders; a change is a new file (002_<what>.sql).

-- One row per order. `status` is the saga's state (src/saga.ts); every transition is a conditional UPDATE
-- (WHERE status = the state it leaves), so a step run twice, or by two replicas, moves it at most once.
CREATE TABLE orders (
  id              uuid PRIMARY KEY,
  customer        text NOT NULL,
  status          text NOT NULL CHECK (status IN
                    ('pending', 'reserved', 'paid', 'confirmed', 'cancelling', 'cancelled')),
  reason          text CHECK (reason IN ('insufficient_stock', 'sku_not_found', 'no_price',
                    'payment_declined', 'payment_timeout', 'customer_cancelled')),
  payment_method  text NOT NULL,
  total_cents     bigint NOT NULL CHECK (total_cents >= 0),
  -- Payment must arrive before this, or the order is cancelled and its stock released.
  deadline        timestamptz NOT NULL,
  -- The saga worker's lease: a crashed worker's orders are taken up again once it has passed.
  lease_until     timestamptz,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  -- The client's Idempotency-Key and its request's hash: a retry returns this order.
  request_key     text,
  request_hash    text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT cancelled_has_reason CHECK ((status IN ('cancelling', 'cancelled')) = (reason IS NOT NULL))
);
CREATE UNIQUE INDEX orders_request_key ON orders (customer, request_key) WHERE request_key IS NOT NULL;
CREATE INDEX orders_customer ON orders (customer, created_at DESC, id DESC);
-- The saga worker's work list: orders not yet in a final state.
CREATE INDEX orders_open ON orders (next_attempt_at) WHERE status NOT IN ('confirmed', 'cancelled');

CREATE TABLE order_lines (
  order_id         uuid NOT NULL REFERENCES orders (id),
  line             integer NOT NULL CHECK (line >= 1),
  sku              text NOT NULL,
  quantity         integer NOT NULL CHECK (quantity > 0),
  unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
  -- inventory's reservation, once it answered; 'pending' lines may hold one it made before a crash,
  -- which the same Idempotency-Key finds again.
  reservation_id   uuid,
  state            text NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'held', 'refused', 'committed', 'released')),
  PRIMARY KEY (order_id, line),
  UNIQUE (order_id, sku)
);

-- Transactional outbox: written in the transaction of the transition it announces; the relay
-- (services/lib/src/outbox-relay.ts) publishes it in id order per order (the FIFO group).
CREATE TABLE outbox (
  id             bigserial PRIMARY KEY,
  event_id       uuid NOT NULL UNIQUE,
  order_id       text NOT NULL,
  payload        text NOT NULL,
  correlation_id text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  sent_at        timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- The local fake payment provider's ledger (src/payments.ts), as a provider keeps one: a charge per
-- idempotency key, never two. No card data: a payment method is a test token.
CREATE TABLE fake_payments (
  key        text PRIMARY KEY,
  amount     bigint NOT NULL,
  status     text NOT NULL CHECK (status IN ('approved', 'declined', 'voided', 'refunded')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
