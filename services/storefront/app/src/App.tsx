// The storefront page: live products, the cart, sign-in, checkout, the order as it moves, and the
// customer's orders. State lives here; each part is its own component.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Account } from './Account.js';
import { asApiError } from './api.js';
import { CartPanel } from './CartPanel.js';
import { Checkout } from './Checkout.js';
import { cartReducer, loadCart, overAvailable, quantityOf, saveCart } from './cart.js';
import { OrderHistory } from './OrderHistory.js';
import { OrderTracker } from './OrderTracker.js';
import { isFinal, type Order } from './orders.js';
import { ProductList } from './ProductList.js';
import type { Product } from './products.js';
import {
  clearSession,
  currentSession,
  finishSignIn,
  isSignInCallback,
  loadSignInConfig,
  type Session,
  type SignInConfig,
  startSignIn,
} from './session.js';
import { useProducts } from './useProducts.js';

/** Why the issuer /config.json names cannot sign anyone in from a browser, if it cannot. */
function issuerProblem(config: SignInConfig): string | undefined {
  const protocol = URL.canParse(config.issuer) ? new URL(config.issuer).protocol : '';
  return protocol === 'https:' || protocol === 'http:'
    ? undefined
    : `the token issuer ${config.issuer} has no sign-in page`;
}

export function App() {
  const { products, error, priceError, refresh } = useProducts();
  const [cart, dispatch] = useReducer(cartReducer, undefined, () => loadCart());
  const [config, setConfig] = useState<SignInConfig | undefined>(undefined);
  const [unavailable, setUnavailable] = useState<string | undefined>(undefined);
  const [session, setSession] = useState<Session | undefined>(currentSession);
  const [signingIn, setSigningIn] = useState(false);
  const [authError, setAuthError] = useState<string | undefined>(undefined);
  const [order, setOrder] = useState<Order | undefined>(undefined);
  const [historyVersion, setHistoryVersion] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const cartHeading = useRef<HTMLHeadingElement>(null);
  const orderHeading = useRef<HTMLHeadingElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const authErrorRef = useRef<HTMLParagraphElement>(null);
  /** Where focus goes once the page is back from the identity provider. */
  const returnedFromSignIn = useRef(false);

  useEffect(() => saveCart(cart), [cart]);

  // The sign-in settings; when this load is the provider's answer, complete the sign-in.
  useEffect(() => {
    let stale = false;
    loadSignInConfig().then(
      async (loaded) => {
        if (stale) return;
        setConfig(loaded);
        setUnavailable(issuerProblem(loaded));
        const url = new URL(location.href);
        if (!isSignInCallback(url)) return;
        // The code is for one use: it never stays in the address bar or the history.
        history.replaceState(null, '', '/');
        setSigningIn(true);
        try {
          setSession(await finishSignIn(loaded, url));
          setAuthError(undefined);
          returnedFromSignIn.current = true;
        } catch (thrown) {
          setAuthError(`Sign-in failed: ${asApiError(thrown).message}`);
        } finally {
          setSigningIn(false);
        }
      },
      (thrown: unknown) => {
        if (!stale) setUnavailable(asApiError(thrown).message);
      },
    );
    return () => {
      stale = true;
    };
  }, []);

  useEffect(() => {
    if (authError) authErrorRef.current?.focus();
  }, [authError]);

  useEffect(() => {
    if (!session || !returnedFromSignIn.current) return;
    returnedFromSignIn.current = false;
    (submitButton.current ?? cartHeading.current)?.focus();
  }, [session]);

  const bySku = useMemo(
    () => new Map<string, Product>((products ?? []).map((product) => [product.sku, product])),
    [products],
  );
  const short = overAvailable(cart, new Map([...bySku].map(([sku, p]) => [sku, p.available])));
  const blocked =
    short.length === 0
      ? undefined
      : `${short.map((line) => line.sku).join(', ')}: more in the cart than is available now. Lower the quantity to check out.`;

  const add = (product: Product) => {
    const quantity = quantityOf(cart, product.sku) + 1;
    dispatch({ type: 'add', sku: product.sku, available: product.available });
    setAnnouncement(`${product.sku} added to the cart: ${quantity} in the cart.`);
  };

  const signIn = () => {
    if (!config) return;
    setSigningIn(true);
    setAuthError(undefined);
    startSignIn(config).catch((thrown: unknown) => {
      setAuthError(`Sign-in failed: ${asApiError(thrown).message}`);
      setSigningIn(false);
    });
  };
  const signOut = () => {
    clearSession();
    setSession(undefined);
    setOrder(undefined);
  };
  const expired = useCallback(() => {
    clearSession();
    setSession(undefined);
    setAuthError('Your sign-in has expired: sign in again.');
  }, []);

  const placed = (next: Order) => {
    setOrder(next);
    setAnnouncement('');
  };

  // Each step of the order: the customer's list and the stock are read again; a confirmed order's
  // products leave the cart.
  const orderId = order?.id;
  const orderStatus = order?.status;
  const orderNow = useRef(order);
  orderNow.current = order;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per order and status, not per poll
  useEffect(() => {
    if (orderStatus === undefined) return;
    setHistoryVersion((version) => version + 1);
    refresh();
    if (orderStatus === 'confirmed')
      for (const line of orderNow.current?.lines ?? []) dispatch({ type: 'remove', sku: line.sku });
  }, [orderId, orderStatus, refresh]);
  useEffect(() => {
    if (orderId) orderHeading.current?.focus();
  }, [orderId]);

  return (
    <>
      <a className="skip-link" href="#products">
        Skip to the products
      </a>
      <header className="site-header">
        <h1 className="brand">Shop</h1>
        <Account
          session={session}
          unavailable={unavailable}
          ready={config !== undefined}
          busy={signingIn}
          onSignIn={signIn}
          onSignOut={signOut}
        />
      </header>
      {authError && (
        <p role="alert" className="message error banner" tabIndex={-1} ref={authErrorRef}>
          {authError}
        </p>
      )}
      <main id="main">
        <div className="layout">
          <ProductList products={products} error={error} priceError={priceError} cart={cart} onAdd={add} />
          <div className="side">
            <CartPanel cart={cart} products={bySku} dispatch={dispatch} headingRef={cartHeading} />
            <Checkout
              cart={cart}
              blocked={blocked}
              orderInProgress={order !== undefined && !isFinal(order.status)}
              token={session?.accessToken}
              signInAvailable={config !== undefined && unavailable === undefined && !signingIn}
              onSignIn={signIn}
              onPlaced={placed}
              onUnauthorized={expired}
              submitRef={submitButton}
            />
            {order && session && (
              <OrderTracker
                order={order}
                token={session.accessToken}
                onChange={setOrder}
                onUnauthorized={expired}
                headingRef={orderHeading}
              />
            )}
          </div>
        </div>
        {session && (
          <OrderHistory token={session.accessToken} version={historyVersion} onUnauthorized={expired} />
        )}
      </main>
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </>
  );
}
