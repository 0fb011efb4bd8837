// The products the page lists: inventory's stock (GET /v1/skus, every page) with pricing's price of each
// (GET /v1/prices/:sku; 404 until the SKU's first stock event is priced).
import { ApiError, api } from './api.js';

export interface Stock {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  seq: number;
}

export interface Product extends Stock {
  /** Cents; null when the SKU has no price yet. */
  price: number | null;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The live reads give up sooner than a write (8 s): the list refreshes every 2 s, so a read that has not
 * answered in 4 s is better abandoned for the next one, with the person told.
 */
const READ_TIMEOUT_MS = 4000;

/** More SKUs than a page of a shop should show: the list stops there rather than loop for ever. */
const MAX_PAGES = 10;

export async function fetchStock(): Promise<Stock[]> {
  const items: Stock[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const answer: Page<Stock> = await api<Page<Stock>>(`/v1/skus?limit=200${query}`, {
      timeoutMs: READ_TIMEOUT_MS,
    });
    items.push(...answer.items);
    cursor = answer.nextCursor;
    if (cursor === null) break;
  }
  return items;
}

/** The SKU's price in cents, or null when pricing has none yet (404). */
export async function fetchPrice(sku: string): Promise<number | null> {
  try {
    return (
      await api<{ price: number }>(`/v1/prices/${encodeURIComponent(sku)}`, { timeoutMs: READ_TIMEOUT_MS })
    ).price;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
