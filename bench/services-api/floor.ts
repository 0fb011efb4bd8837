// The floor of services-api.bench.ts, run as its own process: the least an HTTP endpoint can do for a
// reservation. Express 5 + a `pg` pool, the same bearer-token check as the services (`jose`, the same
// ES256 public key, issuer, audience and scope), then ONE statement: the conditional UPDATE of the stock
// row and the INSERT of an outbox row (autocommit). No history row, no reservation row, no relay,
// no logging, no metrics. Tables live in schema `bench_floor` (created by the bench).
// Env: DATABASE_URL, PORT, DB_POOL_SIZE, AUTH_PUBLIC_KEY, AUTH_ISSUER, AUTH_AUDIENCE.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { importSPKI, jwtVerify } from 'jose';
import pg from 'pg';

const env = process.env as Record<string, string>;
const verifyOptions = { issuer: env.AUTH_ISSUER as string, audience: env.AUTH_AUDIENCE as string };
const key = await importSPKI(env.AUTH_PUBLIC_KEY as string, 'ES256');
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: Number(env.DB_POOL_SIZE ?? 20) });
const app = express();
app.use(express.json());

app.post('/v1/reservations', async (req, res) => {
  const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
  try {
    const { payload } = await jwtVerify(token ?? '', key, verifyOptions);
    if (
      !String(payload.scope ?? '')
        .split(' ')
        .includes('inventory:write')
    )
      throw new Error('scope');
  } catch {
    res.status(401).json({ error: { code: 'unauthorized' } });
    return;
  }
  const { sku, quantity, orderId } = req.body as { sku: string; quantity: number; orderId: string };
  const { rows } = await pool.query(
    `WITH s AS (
       UPDATE bench_floor.skus SET reserved = reserved + $2, seq = seq + 1, updated_at = now()
        WHERE sku = $1 AND on_hand - reserved >= $2
       RETURNING sku, on_hand, reserved, seq)
     INSERT INTO bench_floor.outbox (event_id, sku, seq, payload)
     SELECT $3, s.sku, s.seq, $4 FROM s RETURNING sku, seq`,
    [sku, quantity, randomUUID(), JSON.stringify({ sku, quantity, orderId })],
  );
  if (rows[0]) res.status(201).json(rows[0]);
  else res.status(409).json({ error: { code: 'insufficient_stock' } });
});

const server = app.listen(Number(env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
