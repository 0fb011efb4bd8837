// The events orders publishes on its own queue (orders-events), as CloudEvents 1.0 in JSON (structured
// mode), one FIFO group per order so an order's events arrive in the order they happened.
import { randomUUID } from 'node:crypto';

export const ORDER_EVENT_TYPES = {
  placed: 'order.placed.v1',
  confirmed: 'order.confirmed.v1',
  cancelled: 'order.cancelled.v1',
} as const;

export type OrderEventKind = keyof typeof ORDER_EVENT_TYPES;

/** What every order event carries. */
export interface OrderEventData {
  orderId: string;
  customer: string;
  status: string;
  totalCents: number;
  lines: Array<{ sku: string; quantity: number; unitPriceCents: number }>;
  reason?: string;
}

/** An outbox row's content: the event id (the FIFO deduplication id) and the serialised event. */
export interface OutboxEvent {
  eventId: string;
  orderId: string;
  payload: string;
  correlationId: string | undefined;
}

export function orderEvent(
  kind: OrderEventKind,
  data: OrderEventData,
  context: { now: Date; correlationId?: string | undefined },
): OutboxEvent {
  const eventId = randomUUID();
  const event = {
    specversion: '1.0',
    id: eventId,
    type: ORDER_EVENT_TYPES[kind],
    source: '/orders',
    subject: data.orderId,
    time: context.now.toISOString(),
    datacontenttype: 'application/json',
    ...(context.correlationId ? { correlationid: context.correlationId } : {}),
    data,
  };
  return {
    eventId,
    orderId: data.orderId,
    payload: JSON.stringify(event),
    correlationId: context.correlationId,
  };
}
