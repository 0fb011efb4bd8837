// Checkout: the test payment outcome, then POST /v1/orders with the signed-in customer's token. Each
// attempt has its own Idempotency-Key; trying again after no definite answer (network, 5xx) sends the
// same key, so the order is placed once however often the person tries.
import { type FormEvent, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { type ApiError, asApiError } from './api.js';
import type { Cart } from './cart.js';
import { type Order, PAYMENT_METHODS, type PaymentMethod, placeOrder } from './orders.js';

interface Props {
  cart: Cart;
  /** Why the cart cannot be ordered as it is (a quantity above what is available), if it cannot. */
  blocked: string | undefined;
  /** An order of this page is still on its way: a second press would be a second order. */
  orderInProgress: boolean;
  token: string | undefined;
  signInAvailable: boolean;
  onSignIn: () => void;
  onPlaced: (order: Order) => void;
  onUnauthorized: () => void;
  submitRef: RefObject<HTMLButtonElement | null>;
}

/** What the person reads when checkout fails. */
function failureText(error: ApiError): string {
  if (error.status === 401) return 'Your sign-in has expired: sign in again to place the order.';
  if (error.retryable)
    return `The order could not be placed: ${error.message}. Try again: it is placed once however often you try.`;
  return `The order was refused: ${error.message}${error.field ? ` (${error.field})` : ''}.`;
}

export function Checkout({
  cart,
  blocked,
  orderInProgress,
  token,
  signInAvailable,
  onSignIn,
  onPlaced,
  onUnauthorized,
  submitRef,
}: Props) {
  const id = useId();
  const [payment, setPayment] = useState<PaymentMethod>('test_approve');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  /** The attempt in progress: its body and key, kept while a retry should reuse the key. */
  const attempt = useRef<{ body: string; key: string } | undefined>(undefined);
  const [retrying, setRetrying] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token || busy) return;
    const body = JSON.stringify({ cart, payment });
    if (attempt.current?.body !== body) attempt.current = { body, key: crypto.randomUUID() };
    setBusy(true);
    setError(undefined);
    try {
      const order = await placeOrder(token, cart, payment, attempt.current.key);
      attempt.current = undefined;
      setRetrying(false);
      onPlaced(order);
    } catch (thrown) {
      const failure = asApiError(thrown);
      if (!failure.retryable) attempt.current = undefined;
      setRetrying(failure.retryable);
      setError(failure);
      if (failure.status === 401) onUnauthorized();
    } finally {
      setBusy(false);
    }
  };

  const why =
    cart.length === 0
      ? 'Add a product to check out.'
      : orderInProgress
        ? 'Your order is on its way: wait for it to finish, or cancel it, before ordering again.'
        : blocked;
  return (
    <section className="panel checkout" aria-labelledby="checkout-heading">
      <h2 id="checkout-heading">Checkout</h2>
      <form onSubmit={submit} aria-busy={busy}>
        <label htmlFor={`${id}-payment`}>Test payment outcome</label>
        <select
          id={`${id}-payment`}
          value={payment}
          onChange={(event) => setPayment(event.target.value as PaymentMethod)}
          aria-describedby={`${id}-payment-note`}
        >
          {PAYMENT_METHODS.map((method) => (
            <option key={method.value} value={method.value}>
              {method.label}
            </option>
          ))}
        </select>
        <p id={`${id}-payment-note`} className="note">
          The local payment provider's test methods: no card details are asked for or sent.
        </p>
        {why && (
          <p id={`${id}-why`} className="note">
            {why}
          </p>
        )}
        {token ? (
          <button
            type="submit"
            className="primary"
            ref={submitRef}
            disabled={busy || why !== undefined}
            aria-describedby={why ? `${id}-why` : undefined}
          >
            {busy ? 'Placing order…' : retrying ? 'Try again' : 'Place order'}
          </button>
        ) : (
          <button type="button" className="primary" onClick={onSignIn} disabled={!signInAvailable}>
            Sign in to check out
          </button>
        )}
        {error && (
          <div role="alert" className="message error" tabIndex={-1} ref={errorRef}>
            {failureText(error)}
          </div>
        )}
      </form>
    </section>
  );
}
