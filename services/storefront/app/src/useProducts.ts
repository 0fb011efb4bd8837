// The product list, kept live: stock and prices are read again every REFRESH_MS (while the tab is visible),
// so a change of stock (someone's order, a delivery) shows within seconds. A failed refresh keeps the last
// list and says why; the next refresh clears the error once the APIs answer again.
import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiError, asApiError } from './api.js';
import { fetchPrice, fetchStock, type Product } from './products.js';

export const REFRESH_MS = 2000;

export interface ProductsState {
  /** undefined until the first answer. */
  products: Product[] | undefined;
  /** Why the last refresh failed (the list shown is then the one before). */
  error: ApiError | undefined;
  /** Why some prices could not be read (those keep their last known value). */
  priceError: ApiError | undefined;
}

export function useProducts(intervalMs = REFRESH_MS): ProductsState & { refresh: () => void } {
  const [state, setState] = useState<ProductsState>({
    products: undefined,
    error: undefined,
    priceError: undefined,
  });
  const refresh = useRef<() => void>(() => undefined);

  useEffect(() => {
    let stopped = false;
    let running = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const prices = new Map<string, number | null>();

    const load = async (): Promise<ProductsState> => {
      try {
        const stock = await fetchStock();
        const answers = await Promise.allSettled(stock.map((item) => fetchPrice(item.sku)));
        let priceError: ApiError | undefined;
        answers.forEach((answer, i) => {
          const sku = stock[i]?.sku ?? '';
          if (answer.status === 'fulfilled') prices.set(sku, answer.value);
          else priceError ??= asApiError(answer.reason);
        });
        const products = stock.map((item) => ({ ...item, price: prices.get(item.sku) ?? null }));
        return { products, error: undefined, priceError };
      } catch (error) {
        throw asApiError(error);
      }
    };

    const tick = async () => {
      clearTimeout(timer);
      if (running) {
        again = true;
        return;
      }
      running = true;
      if (!document.hidden) {
        try {
          const next = await load();
          if (!stopped) setState(next);
        } catch (error) {
          if (!stopped) setState((previous) => ({ ...previous, error: asApiError(error) }));
        }
      }
      running = false;
      if (stopped) return;
      if (again) {
        again = false;
        void tick();
      } else timer = setTimeout(tick, intervalMs);
    };

    refresh.current = () => void tick();
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [intervalMs]);

  const refreshNow = useCallback(() => refresh.current(), []);
  return { ...state, refresh: refreshNow };
}
