// The products with their live stock and price, and each one's add button: disabled, saying why, when the
// product is sold out, has no price yet, or is all in the cart already.
import type { ApiError } from './api.js';
import { type Cart, quantityOf } from './cart.js';
import { formatCents } from './money.js';
import type { Product } from './products.js';

interface Props {
  products: Product[] | undefined;
  error: ApiError | undefined;
  priceError: ApiError | undefined;
  cart: Cart;
  onAdd: (product: Product) => void;
}

/** What the add button says, and whether it can be pressed. */
function addButton(product: Product, inCart: number): { label: string; enabled: boolean } {
  if (product.available <= 0) return { label: 'Sold out', enabled: false };
  if (product.price === null) return { label: 'No price yet', enabled: false };
  if (inCart >= product.available) return { label: 'All in cart', enabled: false };
  return { label: 'Add to cart', enabled: true };
}

export function ProductList({ products, error, priceError, cart, onAdd }: Props) {
  return (
    <section className="panel products" aria-labelledby="products-heading" id="products">
      <h2 id="products-heading">Products</h2>
      {error && (
        <p role="alert" className="message error">
          Could not refresh the products: {error.message} ({error.code}).
          {products ? ' Showing the last known stock; retrying.' : ' Retrying.'}
        </p>
      )}
      {priceError && (
        <p role="alert" className="message error">
          Could not refresh some prices: {priceError.message} ({priceError.code}).
        </p>
      )}
      {products === undefined && !error && <p role="status">Loading products…</p>}
      {products?.length === 0 && <p>No products yet.</p>}
      {products && products.length > 0 && (
        <table className="product-table">
          <caption className="visually-hidden">
            Products with their price and stock, refreshed every few seconds
          </caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Price</th>
              <th scope="col">In stock</th>
              <th scope="col">
                <span className="visually-hidden">Cart</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {products.map((product) => {
              const inCart = quantityOf(cart, product.sku);
              const button = addButton(product, inCart);
              return (
                <tr key={product.sku} data-sku={product.sku}>
                  <th scope="row" className="sku">
                    {product.sku}
                  </th>
                  <td className="price">
                    {product.price === null ? 'No price yet' : formatCents(product.price)}
                  </td>
                  <td className="stock">
                    {product.available > 0 ? `${product.available} available` : 'Sold out'}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="add"
                      disabled={!button.enabled}
                      onClick={() => onAdd(product)}
                    >
                      {button.label}
                      <span className="visually-hidden"> {product.sku}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
