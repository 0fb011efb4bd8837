// The saga's client of inventory's reservation API (services/inventory: POST /v1/reservations, then
// …/:id/commit or …/:id/release). A reservation carries an Idempotency-Key derived from the order and the
// line, so one repeated after a crash or a timeout is answered from inventory's record of the first: a line
// is never reserved twice. Commit and release need none: inventory makes each a no-op when repeated (the
// same transition answers the reservation unchanged), and a keyed write costs inventory a transaction.
import type { ClientCredentials } from '../../lib/src/client-credentials.js';

/** Bearer tokens for inventory (scope `inventory:write`): the lib's client credentials client. */
export type InventoryCredentials = Pick<ClientCredentials, 'token' | 'invalidate'>;

/** What a reservation request came to: held (with inventory's id), or refused for good. */
export type ReserveResult =
  | { outcome: 'reserved'; reservationId: string }
  | { outcome: 'refused'; reason: 'insufficient_stock' | 'sku_not_found' };

/** Inventory did not answer usefully now (network, timeout, 5xx, 429): the step is retried later. */
export class InventoryUnavailable extends Error {
  override name = 'InventoryUnavailable';
}

/** What the saga needs of inventory: the port its tests and the bench drive for real over HTTP. */
export interface Inventory {
  reserve(key: string, line: { sku: string; quantity: number; orderId: string }): Promise<ReserveResult>;
  /** Commits or releases a held reservation; repeating it is harmless. */
  settle(reservationId: string, action: 'commit' | 'release'): Promise<void>;
}

export interface InventoryClientOptions {
  /** inventory's base URL (INVENTORY_URL), e.g. `http://inventory` in the cluster. */
  baseUrl: string;
  credentials: InventoryCredentials;
  /** Longest wait for one call. @defaultValue 5000 ms */
  timeoutMs?: number;
}

/** inventory's reservation API over HTTP. */
export class InventoryClient implements Inventory {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: InventoryClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async reserve(
    key: string,
    line: { sku: string; quantity: number; orderId: string },
  ): Promise<ReserveResult> {
    const { status, body } = await this.post('/v1/reservations', key, line);
    if (status === 201) {
      const id = (body as { id?: unknown }).id;
      if (typeof id !== 'string') throw new Error('inventory answered 201 without a reservation id');
      return { outcome: 'reserved', reservationId: id };
    }
    const code = errorCode(body);
    if (status === 409 && code === 'insufficient_stock') return { outcome: 'refused', reason: code };
    if (status === 404 && code === 'not_found') return { outcome: 'refused', reason: 'sku_not_found' };
    throw unexpected('reserve', status, body);
  }

  async settle(reservationId: string, action: 'commit' | 'release'): Promise<void> {
    const path = `/v1/reservations/${encodeURIComponent(reservationId)}/${action}`;
    const { status, body } = await this.post(path, undefined, undefined);
    if (status === 200) return;
    throw unexpected(action, status, body);
  }

  /** POSTs once, and once more with a new token if inventory refused the cached one (401). */
  private async post(
    path: string,
    key: string | undefined,
    payload: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const first = await this.send(path, key, payload);
    if (first.status !== 401) return first;
    this.options.credentials.invalidate();
    return this.send(path, key, payload);
  }

  private async send(
    path: string,
    key: string | undefined,
    payload: unknown,
  ): Promise<{ status: number; body: unknown }> {
    let response: Response;
    try {
      const token = await this.options.credentials.token();
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          ...(key === undefined ? {} : { 'idempotency-key': key }),
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new InventoryUnavailable(`inventory ${path}: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 500 || response.status === 429) {
      throw new InventoryUnavailable(`inventory ${path} answered ${response.status}`);
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: response.status, body };
  }
}

function errorCode(body: unknown): string | undefined {
  const error = (body as { error?: { code?: unknown } } | undefined)?.error;
  return typeof error?.code === 'string' ? error.code : undefined;
}

/** A refusal the saga cannot act on (a 401, a reservation settled the other way): a bug or misconfiguration. */
function unexpected(action: string, status: number, body: unknown): Error {
  return new Error(`inventory refused ${action}: ${status} ${errorCode(body) ?? ''}`.trim());
}
