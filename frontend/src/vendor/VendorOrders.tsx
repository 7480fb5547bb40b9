import { useState, type FormEvent } from "react";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { useSubmit } from "../lib/useSubmit";
import { Empty, Loaded, ProblemMessage } from "../components/Status";
import { OrderTable } from "../shop/Orders";

type Order = Schemas["OrderView"];

/**
 * Orders with this vendor's part still to ship. The vendor sees only its own lines (their subtotal
 * is the total shown) and ships only its own part, with the carrier and tracking number.
 */
export function VendorOrders() {
  const orders = useLoad(() => unwrap(api.GET("/api/v1/orders", { params: { query: { awaitingShipment: true, size: 50 } } })), []);
  const [shipped, setShipped] = useState("");
  function onShipped(reference: string) {
    setShipped(`${reference} marked as shipped.`);
    orders.reload();
  }
  return (
    <section>
      <h1>Orders to ship</h1>
      <p role="status" className="muted">{shipped}</p>
      <Loaded state={orders} label="Loading orders">
        {(page) => page.items?.length ? (
          <>
            <OrderTable orders={page.items.map((o) => ({ ...o, total: o.subtotal }))} />
            {page.items.map((o) => <ShipForm key={o.id} order={o} onShipped={onShipped} />)}
          </>
        ) : <Empty>Nothing to ship right now.</Empty>}
      </Loaded>
    </section>
  );
}

function ShipForm({ order, onShipped }: { order: Order; onShipped: (reference: string) => void }) {
  const [carrier, setCarrier] = useState("");
  const [trackingNumber, setTrackingNumber] = useState("");
  const { busy, error, run } = useSubmit();
  // A vendor sees one part of an order: its own.
  const vendorId = order.fulfilments?.[0]?.vendorId ?? "";
  const address = order.shippingAddress;

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await unwrap(api.PATCH("/api/v1/orders/{id}/fulfilments/{vendorId}", {
        params: { path: { id: order.id ?? "", vendorId } },
        body: { status: "SHIPPED", carrier: carrier.trim() || undefined, trackingNumber: trackingNumber.trim() || undefined },
      }));
      onShipped(order.reference ?? "");
    });
  }

  return (
    <form className="card ship-form" aria-label={`Ship ${order.reference}`} onSubmit={submit}>
      <h2>{order.reference}</h2>
      <ul>{order.items?.map((i) => <li key={i.productId}>{i.quantity} × {i.name} <span className="muted">({i.sku})</span></li>)}</ul>
      {address && (
        <address>{address.name}<br />{address.line1}{address.line2 && <>, {address.line2}</>}<br />
          {address.postalCode} {address.city} {address.region} {address.country}</address>
      )}
      <div className="row">
        <label>Carrier <input value={carrier} maxLength={60} autoComplete="off" onChange={(e) => setCarrier(e.target.value)} /></label>
        <label>Tracking number <input value={trackingNumber} maxLength={40} autoComplete="off" onChange={(e) => setTrackingNumber(e.target.value)} /></label>
      </div>
      <ProblemMessage error={error} />
      <button type="submit" disabled={busy}>{busy ? "Shipping…" : `Mark ${order.reference} as shipped`}</button>
    </form>
  );
}
