// The cart: each line's quantity (at most what is available), its price, removal, and the estimated total
// (the order's total is what orders computes at checkout, from the prices of that moment).
import { type ChangeEvent, type RefObject, useId, useState } from 'react';
import type { Cart, CartAction, CartLine } from './cart.js';
import { formatCents } from './money.js';
import type { Product } from './products.js';

interface Props {
  cart: Cart;
  products: ReadonlyMap<string, Product>;
  dispatch: (action: CartAction) => void;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

export function CartPanel({ cart, products, dispatch, headingRef }: Props) {
  const priced = cart.map((line) => ({ line, price: products.get(line.sku)?.price ?? null }));
  const total = priced.reduce((sum, { line, price }) => sum + (price ?? 0) * line.quantity, 0);
  const unpriced = priced.some(({ price }) => price === null);
  return (
    <section className="panel cart" aria-labelledby="cart-heading">
      <h2 id="cart-heading" ref={headingRef} tabIndex={-1}>
        Cart
      </h2>
      {cart.length === 0 ? (
        <p>Your cart is empty.</p>
      ) : (
        <>
          <ul className="cart-lines">
            {priced.map(({ line, price }) => (
              <CartItem
                key={line.sku}
                line={line}
                price={price}
                available={products.get(line.sku)?.available ?? 0}
                dispatch={dispatch}
                onRemoved={() => headingRef.current?.focus()}
              />
            ))}
          </ul>
          <p className="total">
            Estimated total: <strong>{formatCents(total)}</strong>
            {unpriced && ' (some products have no price yet)'}
          </p>
        </>
      )}
    </section>
  );
}

interface ItemProps {
  line: CartLine;
  price: number | null;
  available: number;
  dispatch: (action: CartAction) => void;
  onRemoved: () => void;
}

function CartItem({ line, price, available, dispatch, onRemoved }: ItemProps) {
  const id = useId();
  // What the person is typing, until it is a whole number the cart takes (an empty field mid-edit is fine).
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const change = (event: ChangeEvent<HTMLInputElement>) => {
    setDraft(event.target.value);
    const quantity = Number(event.target.value);
    if (event.target.value !== '' && Number.isInteger(quantity) && quantity >= 1)
      dispatch({ type: 'set', sku: line.sku, quantity, available });
  };
  const short = line.quantity > available;
  return (
    <li className="cart-line" data-sku={line.sku}>
      <span className="sku">{line.sku}</span>
      <label htmlFor={`${id}-quantity`} className="quantity">
        Quantity<span className="visually-hidden"> of {line.sku}</span>
        <input
          id={`${id}-quantity`}
          type="number"
          inputMode="numeric"
          min={1}
          max={Math.max(1, available)}
          value={draft ?? String(line.quantity)}
          onChange={change}
          onBlur={() => setDraft(undefined)}
          aria-describedby={`${id}-note`}
        />
      </label>
      <span className="line-total">
        {price === null ? 'No price yet' : formatCents(price * line.quantity)}
      </span>
      <button
        type="button"
        className="remove"
        onClick={() => {
          dispatch({ type: 'remove', sku: line.sku });
          onRemoved();
        }}
      >
        Remove<span className="visually-hidden"> {line.sku}</span>
      </button>
      <p id={`${id}-note`} className={short ? 'note warning' : 'note'}>
        {short
          ? available > 0
            ? `Only ${available} available now: lower the quantity to check out.`
            : 'Sold out now: remove it to check out.'
          : `Up to ${available}.`}
      </p>
    </li>
  );
}
