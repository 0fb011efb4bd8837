// The signed-in customer's own orders (GET /v1/orders), read again whenever an order of this page changes.
import { useEffect, useState } from 'react';
import { type ApiError, asApiError } from './api.js';
import { formatCents } from './money.js';
import { listOrders, type Order, statusText } from './orders.js';

interface Props {
  token: string;
  /** Bumped by the page when one of its orders changed: the list is read again. */
  version: number;
  onUnauthorized: () => void;
}

const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

export function OrderHistory({ token, version, onUnauthorized }: Props) {
  const [orders, setOrders] = useState<Order[] | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the signal to read the list again
  useEffect(() => {
    let stale = false;
    listOrders(token).then(
      (items) => {
        if (stale) return;
        setOrders(items);
        setError(undefined);
      },
      (thrown: unknown) => {
        if (stale) return;
        const failure = asApiError(thrown);
        setError(failure);
        if (failure.status === 401) onUnauthorized();
      },
    );
    return () => {
      stale = true;
    };
  }, [token, version, onUnauthorized]);

  return (
    <section className="panel history" aria-labelledby="history-heading">
      <h2 id="history-heading">Your orders</h2>
      {error && (
        <p role="alert" className="message error">
          Could not load your orders: {error.message} ({error.code}).
        </p>
      )}
      {orders === undefined && !error && <p role="status">Loading your orders…</p>}
      {orders?.length === 0 && <p>No orders yet.</p>}
      {orders && orders.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Placed</th>
              <th scope="col">Items</th>
              <th scope="col">Total</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <tr key={order.id} data-order={order.id}>
                <th scope="row">{when.format(new Date(order.createdAt))}</th>
                <td>{order.lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ')}</td>
                <td>{formatCents(order.total)}</td>
                <td>{statusText(order)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
