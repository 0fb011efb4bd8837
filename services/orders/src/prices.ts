// The price an order is charged at: pricing's current price of each SKU (GET /v1/prices/:sku, in cents),
// read when the order is placed and kept on its lines. A price read within the last `maxAgeMs` is reused:
// pricing moves prices with stock events, which are themselves that far behind.

/** The current unit price in cents, or undefined when pricing has none for the SKU yet. */
export type PriceLookup = (sku: string) => Promise<number | undefined>;

/** Pricing did not answer (network, timeout, 5xx): the order cannot be priced now (a 503). */
export class PricingUnavailable extends Error {
  override name = 'PricingUnavailable';
}

export interface PricingClientOptions {
  /** pricing's base URL (PRICING_URL). */
  baseUrl: string;
  /** @defaultValue 1000 ms */
  maxAgeMs?: number;
  /** @defaultValue 3000 ms */
  timeoutMs?: number;
}

/** Reads prices from pricing, one request per SKU at most every `maxAgeMs` (concurrent readers share it). */
export function pricingClient(options: PricingClientOptions): PriceLookup {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const maxAgeMs = options.maxAgeMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 3000;
  const cache = new Map<string, { at: number; price: Promise<number | undefined> }>();
  const fetchPrice = async (sku: string): Promise<number | undefined> => {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/v1/prices/${encodeURIComponent(sku)}`, {
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new PricingUnavailable(`pricing: ${(error as Error).message}`, { cause: error });
    }
    if (response.status === 404) return undefined;
    if (!response.ok) throw new PricingUnavailable(`pricing answered ${response.status} for ${sku}`);
    const body = (await response.json()) as { price?: unknown };
    if (typeof body.price !== 'number' || !Number.isInteger(body.price) || body.price < 0)
      throw new PricingUnavailable(`pricing answered no price in cents for ${sku}`);
    return body.price;
  };
  return (sku) => {
    const now = Date.now();
    const cached = cache.get(sku);
    if (cached && now - cached.at < maxAgeMs) return cached.price;
    const price = fetchPrice(sku);
    cache.set(sku, { at: now, price });
    // A failed read is not kept: the next order asks again.
    price.catch(() => {
      if (cache.get(sku)?.price === price) cache.delete(sku);
    });
    return price;
  };
}
