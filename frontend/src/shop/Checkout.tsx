import { useEffect, useMemo, useState, type FormEvent } from "react";
import { Link, Navigate } from "react-router";
import { newIdempotencyKey, unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { cartStore, emptyCart, subtotals, useCart } from "../lib/cart";
import { formatMoney } from "../lib/money";
import { useSession } from "../lib/session";
import { VerifyEmailBanner } from "../account/EmailVerification";
import { tracker } from "../lib/analytics";
import { Empty, ProblemMessage } from "../components/Status";
import { useSubmit } from "../lib/useSubmit";
import { AddressFields, EMPTY_ADDRESS, oneLine, trimmed, type PostalAddress } from "../components/AddressFields";
import { useLoad } from "../lib/useLoad";

type Order = Schemas["OrderView"];
type Saved = Schemas["AddressView"];

/** The choice of "a new address" among saved ones. */
const NEW = "new";

/** The simulated provider's cards (README: payment methods). */
export const CARDS = [
  { token: "pm_card_visa", label: "Visa ending 4242" },
  { token: "pm_card_mastercard", label: "Mastercard ending 4444" },
  { token: "pm_card_amex", label: "American Express ending 8431" },
  { token: "pm_card_declined", label: "Visa ending 0002 (always declined)" },
  { token: "pm_card_insufficient_funds", label: "Visa ending 9995 (insufficient funds)" },
  { token: "pm_card_processing_error", label: "Visa ending 0119 (processing error)" },
  { token: "pm_card_slow", label: "Visa ending 1881 (slow to answer)" },
] as const;

export function Checkout() {
  const { user, loading } = useSession();
  const cart = useCart();
  const [address, setAddress] = useState<PostalAddress>(() => ({ ...EMPTY_ADDRESS, name: user?.name ?? "" }));
  const saved = useLoad(() => (user ? unwrap(api.GET("/api/v1/users/me/addresses")) : Promise.resolve([] as Saved[])), [user?.id]);
  // A saved address (the default until the shopper picks another), or NEW for the form.
  const [picked, setPicked] = useState<string>();
  const savedList = saved.data ?? [];
  const shipTo = picked ?? savedList.find((a) => a.isDefault)?.id ?? savedList[0]?.id ?? NEW;
  const [card, setCard] = useState<string>(CARDS[0].token);
  const { busy, error, run } = useSubmit();
  const [order, setOrder] = useState<Order>();
  const currencies = subtotals(cart).map((m) => m.currency);
  // One key per intended order: a retry after a timeout replays the first answer instead of ordering twice.
  const cartSignature = JSON.stringify([cart.lines.map((l) => [l.productId, l.variantId, l.quantity]), shipTo, shipTo === NEW && address, card]);
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [cartSignature]);

  useEffect(() => {
    // The session may arrive after the first render: offer the account's name unless one was typed.
    if (user?.name) {
      setAddress((a) => (a.name ? a : { ...a, name: user.name ?? "" }));
    }
  }, [user?.name]);

  useEffect(() => {
    if (cart.lines.length > 0) {
      tracker.track("checkout_started", { lines: cart.lines.length });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (!loading && !user) {
    return <Navigate to="/login?next=/checkout" replace />;
  }
  if (order) {
    return <Outcome order={order} />;
  }
  if (cart.lines.length === 0) {
    return <Empty>Your cart is empty. <Link to="/search">Browse products</Link></Empty>;
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const placed = await unwrap(api.POST("/api/v1/orders", {
        params: { header: { "Idempotency-Key": idempotencyKey } },
        body: {
          items: cart.lines.map((l) => ({ productId: l.productId, ...(l.variantId ? { variantId: l.variantId } : {}), quantity: l.quantity })),
          ...(shipTo === NEW ? { shippingAddress: trimmed(address) } : { addressId: shipTo }),
          paymentMethod: card,
          currency: currencies[0],
        },
      }));
      if (placed.status === "CONFIRMED" || placed.status === "PENDING") {
        // Ordered (or being ordered): the cart has done its job. A failed payment keeps it for another try.
        cartStore.update(() => emptyCart);
      }
      if (placed.status === "CONFIRMED") {
        tracker.track("order_placed", { orderId: placed.id ?? "" });
      }
      setOrder(placed);
    });
  }

  return (
    <div className="checkout">
      <h1>Checkout</h1>
      <VerifyEmailBanner />
      {currencies.length > 1 && <p className="problem" role="alert">Your cart mixes currencies; order one currency at a time.</p>}
      <form onSubmit={submit} aria-label="Checkout">
        <fieldset>
          <legend>Shipping address</legend>
          {savedList.length > 0 && (
            <>
              {savedList.map((a) => (
                <label key={a.id} className="card-option">
                  <input type="radio" name="ship-to" value={a.id} checked={shipTo === a.id} onChange={() => setPicked(a.id)} />
                  {" "}{a.label && <strong>{a.label}: </strong>}{oneLine(a)}
                </label>
              ))}
              <label className="card-option">
                <input type="radio" name="ship-to" value={NEW} checked={shipTo === NEW} onChange={() => setPicked(NEW)} /> A new address
              </label>
            </>
          )}
          {shipTo === NEW && <AddressFields value={address} onChange={setAddress} />}
        </fieldset>
        <fieldset>
          <legend>Payment (simulated cards)</legend>
          {CARDS.map((c) => (
            <label key={c.token} className="card-option">
              <input type="radio" name="card" value={c.token} checked={card === c.token} onChange={() => setCard(c.token)} /> {c.label}
            </label>
          ))}
        </fieldset>
        <p className="subtotal">Subtotal {subtotals(cart).map((m) => <strong key={m.currency}>{formatMoney(m)} </strong>)} (plus shipping)</p>
        <ProblemMessage error={error} />
        <button type="submit" className="primary" disabled={busy || currencies.length !== 1}>{busy ? "Placing your order…" : "Place order"}</button>
      </form>
    </div>
  );
}

function Outcome({ order }: { order: Order }) {
  if (order.status === "CONFIRMED") {
    return (
      <div className="outcome ok" role="status">
        <h1>Thank you! Your order is CONFIRMED</h1>
        <p>Order <strong>{order.reference}</strong>, total {formatMoney(order.total)}. A confirmation email is on its way.</p>
        <Link to={`/orders/${order.id}`}>See the order</Link>
      </div>
    );
  }
  if (order.status === "PENDING") {
    return (
      <div className="outcome pending" role="status">
        <h1>Your order is still being processed</h1>
        <p>Order <strong>{order.reference}</strong> is PENDING: the payment has not answered yet. It completes in the
          background and you will get a notification; it is never charged twice.</p>
        <Link to={`/orders/${order.id}`}>Follow the order</Link>
      </div>
    );
  }
  return (
    <div className="outcome failed" role="alert">
      <h1>The payment failed</h1>
      <p>{order.statusReason ?? "The card was not charged."} ({order.failureCode ?? order.status})</p>
      <p>Your cart is kept. <Link to="/checkout" reloadDocument>Try another card</Link></p>
    </div>
  );
}
