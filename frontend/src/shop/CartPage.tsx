import { Link } from "react-router";
import { cartStore, lineKey, removeFromCart, setQuantity, subtotals, useCart, MAX_QUANTITY } from "../lib/cart";
import { formatMoney, times } from "../lib/money";
import { tracker } from "../lib/analytics";
import { Empty } from "../components/Status";

export function CartPage() {
  const cart = useCart();
  if (cart.lines.length === 0) {
    return (
      <div>
        <h1>Your cart</h1>
        <Empty>Your cart is empty. <Link to="/search">Browse products</Link></Empty>
      </div>
    );
  }
  return (
    <div className="cart-page">
      <h1>Your cart</h1>
      <table className="cart-table">
        <caption className="visually-hidden">Products in the cart</caption>
        <thead><tr><th scope="col">Product</th><th scope="col">Price</th><th scope="col">Quantity</th><th scope="col">Total</th><th scope="col"><span className="visually-hidden">Remove</span></th></tr></thead>
        <tbody>
          {cart.lines.map((line) => {
            const key = lineKey(line);
            const title = line.variantLabel ? `${line.name} (${line.variantLabel})` : line.name;
            return (
              <tr key={key}>
                <td><Link to={`/products/${line.productId}`}>{line.name}</Link>
                  {line.variantLabel && <span className="muted variant-label"> {line.variantLabel}</span>}</td>
                <td>{formatMoney(line.price)}</td>
                <td>
                  <label className="visually-hidden" htmlFor={`qty-${key}`}>Quantity of {title}</label>
                  <input id={`qty-${key}`} type="number" min={1} max={MAX_QUANTITY} value={line.quantity}
                    onChange={(e) => cartStore.update((c) => setQuantity(c, key, Number(e.target.value)))} />
                </td>
                <td>{formatMoney(times(line.price, line.quantity))}</td>
                <td><button type="button" className="link" onClick={() => {
                  cartStore.update((c) => removeFromCart(c, key));
                  tracker.track("remove_from_cart", { productId: line.productId });
                }}>Remove <span className="visually-hidden">{title}</span></button></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="subtotal">Subtotal: {subtotals(cart).map((m) => <strong key={m.currency}>{formatMoney(m)} </strong>)}</p>
      <p className="muted">Shipping is added at checkout.</p>
      <Link className="button primary" to="/checkout">Check out</Link>
    </div>
  );
}
