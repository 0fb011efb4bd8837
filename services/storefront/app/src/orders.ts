// The orders API (services/orders, behind /v1/orders) as the page uses it, and how an order's state reads
// to the person who placed it. Every call carries the signed-in customer's access token.
import { api } from './api.js';
import type { CartLine } from './cart.js';

export type OrderStatus = 'pending' | 'reserved' | 'paid' | 'confirmed' | 'cancelling' | 'cancelled';
export type CancelReason =
  | 'insufficient_stock'
  | 'sku_not_found'
  | 'payment_declined'
  | 'payment_timeout'
  | 'customer_cancelled';

export interface Order {
  id: string;
  status: OrderStatus;
  lines: CartLine[];
  /** Cents. */
  total: number;
  reason?: CancelReason | string;
  createdAt: string;
  updatedAt: string;
}

/** The local fake payment provider's test methods (as Stripe's test cards): no card data anywhere. */
export const PAYMENT_METHODS = [
  { value: 'test_approve', label: 'Approved' },
  { value: 'test_decline', label: 'Declined' },
  { value: 'test_timeout', label: 'Times out' },
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]['value'];

export const isFinal = (status: OrderStatus): boolean => status === 'confirmed' || status === 'cancelled';
export const canCancel = (status: OrderStatus): boolean => status === 'pending' || status === 'reserved';

const STATUS_TEXT: Record<OrderStatus, string> = {
  pending: 'Pending: checking stock',
  reserved: 'Reserved: your items are held while the payment is taken',
  paid: 'Paid: confirming your order',
  confirmed: 'Confirmed: thank you for your order',
  cancelling: 'Cancelling: releasing your items',
  cancelled: 'Cancelled',
};

const REASON_TEXT: Record<CancelReason, string> = {
  insufficient_stock: 'Not enough stock: nothing was charged',
  sku_not_found: 'A product in your order does not exist: nothing was charged',
  payment_declined: 'Payment declined: your items were released',
  payment_timeout: 'Payment timed out: your items were released',
  customer_cancelled: 'Cancelled at your request: your items were released',
};

/** The order's state in words; a cancelled order says why. */
export function statusText(order: Pick<Order, 'status' | 'reason'>): string {
  if (order.status !== 'cancelled') return STATUS_TEXT[order.status] ?? order.status;
  if (order.reason === undefined) return STATUS_TEXT.cancelled;
  return REASON_TEXT[order.reason as CancelReason] ?? `Cancelled (${order.reason})`;
}

/** The steps an order goes through when all goes well, for the progress list. */
export const HAPPY_PATH: readonly OrderStatus[] = ['pending', 'reserved', 'paid', 'confirmed'];

export const placeOrder = (
  token: string,
  lines: readonly CartLine[],
  paymentMethod: PaymentMethod,
  idempotencyKey: string,
): Promise<Order> =>
  api<Order>('/v1/orders', {
    method: 'POST',
    token,
    idempotencyKey,
    body: { lines: lines.map(({ sku, quantity }) => ({ sku, quantity })), paymentMethod },
  });

export const getOrder = (token: string, id: string): Promise<Order> =>
  api<Order>(`/v1/orders/${encodeURIComponent(id)}`, { token });

/** The customer's own orders (the first page). */
export const listOrders = async (token: string): Promise<Order[]> =>
  (await api<{ items: Order[]; nextCursor: string | null }>('/v1/orders?limit=20', { token })).items;

export const cancelOrder = (token: string, id: string): Promise<Order> =>
  api<Order>(`/v1/orders/${encodeURIComponent(id)}/cancel`, { method: 'POST', token });
