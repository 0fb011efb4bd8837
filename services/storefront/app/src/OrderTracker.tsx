// The order just placed, followed as the saga moves it (GET /v1/orders/:id every POLL_MS until confirmed
// or cancelled), its state in words in a live region, and a cancel button while it can still be cancelled.
import { type RefObject, useEffect, useRef, useState } from 'react';
import { type ApiError, asApiError } from './api.js';
import { formatCents } from './money.js';
import { canCancel, cancelOrder, getOrder, HAPPY_PATH, isFinal, type Order, statusText } from './orders.js';

export const POLL_MS = 1000;

interface Props {
  order: Order;
  token: string;
  onChange: (order: Order) => void;
  onUnauthorized: () => void;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

export function OrderTracker({ order, token, onChange, onUnauthorized, headingRef }: Props) {
  const [error, setError] = useState<{ failure: ApiError; action: 'refresh' | 'cancel' } | undefined>(
    undefined,
  );
  const [cancelling, setCancelling] = useState(false);
  const final = isFinal(order.status);
  // The latest callbacks, without restarting the polling loop when the parent re-renders.
  const latest = useRef({ onChange, onUnauthorized });
  latest.current = { onChange, onUnauthorized };

  useEffect(() => {
    if (final) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const next = await getOrder(token, order.id);
        if (!stopped) {
          setError(undefined);
          latest.current.onChange(next);
        }
      } catch (thrown) {
        const failure = asApiError(thrown);
        if (stopped) return;
        setError({ failure, action: 'refresh' });
        if (failure.status === 401) latest.current.onUnauthorized();
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [order.id, token, final]);

  const cancel = async () => {
    setCancelling(true);
    try {
      latest.current.onChange(await cancelOrder(token, order.id));
      setError(undefined);
    } catch (thrown) {
      const failure = asApiError(thrown);
      setError({ failure, action: 'cancel' });
      if (failure.status === 401) latest.current.onUnauthorized();
    } finally {
      setCancelling(false);
    }
  };

  const step = HAPPY_PATH.indexOf(order.status);
  return (
    <section className="panel order" aria-labelledby="order-heading" data-status={order.status}>
      <h2 id="order-heading" ref={headingRef} tabIndex={-1}>
        Your order
      </h2>
      <p className={`status status-${order.status}`} role="status" aria-live="polite">
        {statusText(order)}
      </p>
      {step >= 0 && (
        <ol className="steps" aria-label="Progress">
          {HAPPY_PATH.map((status, i) => (
            <li
              key={status}
              className={i <= step ? 'done' : undefined}
              aria-current={i === step ? 'step' : undefined}
            >
              {status}
            </li>
          ))}
        </ol>
      )}
      <dl className="order-facts">
        <dt>Order</dt>
        <dd className="order-id">{order.id}</dd>
        <dt>Items</dt>
        <dd>{order.lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ')}</dd>
        <dt>Total</dt>
        <dd>{formatCents(order.total)}</dd>
      </dl>
      {canCancel(order.status) && (
        <button type="button" onClick={cancel} disabled={cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel order'}
        </button>
      )}
      {error && (
        <p role="alert" className="message error">
          {error.failure.status === 401
            ? 'Your sign-in has expired: sign in again to follow the order.'
            : `Could not ${error.action} the order: ${error.failure.message} (${error.failure.code}).`}
        </p>
      )}
    </section>
  );
}
