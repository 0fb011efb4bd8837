// The cart: lines of SKU and quantity, never more of a SKU than is available, kept in sessionStorage so
// it survives the sign-in redirect and a reload. Pure functions; the page holds it with useReducer.

export interface CartLine {
  sku: string;
  quantity: number;
}

export type Cart = readonly CartLine[];

export type CartAction =
  | { type: 'add'; sku: string; available: number }
  | { type: 'set'; sku: string; quantity: number; available: number }
  | { type: 'remove'; sku: string }
  | { type: 'clear' };

export const quantityOf = (cart: Cart, sku: string): number =>
  cart.find((line) => line.sku === sku)?.quantity ?? 0;

/** The next cart. Adding past what is available, or setting a quantity that is not a whole number, changes nothing. */
export function cartReducer(cart: Cart, action: CartAction): Cart {
  switch (action.type) {
    case 'add': {
      const quantity = quantityOf(cart, action.sku) + 1;
      if (quantity > action.available) return cart;
      return quantity === 1
        ? [...cart, { sku: action.sku, quantity }]
        : cart.map((line) => (line.sku === action.sku ? { ...line, quantity } : line));
    }
    case 'set': {
      if (!Number.isInteger(action.quantity) || action.quantity < 1 || action.available < 1) return cart;
      const quantity = Math.min(action.quantity, action.available);
      return cart.map((line) => (line.sku === action.sku ? { ...line, quantity } : line));
    }
    case 'remove':
      return cart.filter((line) => line.sku !== action.sku);
    case 'clear':
      return [];
  }
}

/** The cart's lines whose quantity is more than is available now (stock moved since they were added). */
export function overAvailable(cart: Cart, available: ReadonlyMap<string, number>): CartLine[] {
  return cart.filter((line) => line.quantity > (available.get(line.sku) ?? 0));
}

const STORAGE_KEY = 'storefront.cart';

const isLine = (value: unknown): value is CartLine =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as CartLine).sku === 'string' &&
  Number.isInteger((value as CartLine).quantity) &&
  (value as CartLine).quantity > 0;

/** The cart this tab kept; anything unreadable is an empty cart. */
export function loadCart(storage: Pick<Storage, 'getItem'> = sessionStorage): Cart {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isLine) : [];
  } catch {
    return [];
  }
}

export function saveCart(cart: Cart, storage: Pick<Storage, 'setItem'> = sessionStorage): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(cart));
}
