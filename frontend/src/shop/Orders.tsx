import { Link, useParams, useSearchParams } from "react-router";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { useSubmit } from "../lib/useSubmit";
import { formatMoney } from "../lib/money";
import { Empty, Loaded, Missing, ProblemMessage } from "../components/Status";
import { byId } from "../lib/ids";
import { Pager } from "../components/Pager";
import { Parcels, partLines } from "./Parcels";
import { ReceiptButton } from "./ReceiptButton";

export function Orders() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(0, Number(params.get("page") ?? 0) || 0);
  const orders = useLoad(() => unwrap(api.GET("/api/v1/orders", { params: { query: { page, size: 20 } } })), [page]);
  return (
    <div>
      <h1>Your orders</h1>
      <Loaded state={orders} label="Loading orders">
        {(result) => result.items?.length ? (
          <>
            <OrderTable orders={result.items} />
            <Pager page={page} totalPages={result.totalPages} onPage={(p) => setParams({ page: String(p) })} />
          </>
        ) : <Empty>No orders yet. <Link to="/search">Start shopping</Link></Empty>}
      </Loaded>
    </div>
  );
}

export function OrderTable({ orders, link = (id: string) => `/orders/${id}` }: {
  orders: { id?: string; reference?: string; status?: string; total?: { amount: string; currency: string }; createdAt?: string; items?: unknown[] }[];
  link?: (id: string) => string;
}) {
  return (
    <table className="orders">
      <thead><tr><th scope="col">Reference</th><th scope="col">Placed</th><th scope="col">Items</th><th scope="col">Total</th><th scope="col">Status</th></tr></thead>
      <tbody>
        {orders.map((o) => (
          <tr key={o.id}>
            <td><Link to={link(o.id ?? "")}>{o.reference}</Link></td>
            <td>{o.createdAt ? new Date(o.createdAt).toLocaleString() : ""}</td>
            <td>{o.items?.length ?? 0}</td>
            <td>{formatMoney(o.total)}</td>
            <td><span className={`status status-${o.status?.toLowerCase()}`}>{o.status}</span></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OrderDetail() {
  const { id = "" } = useParams();
  const order = useLoad(() => byId(id, "order", () => unwrap(api.GET("/api/v1/orders/{id}", { params: { path: { id } } }))), [id]);
  const history = useLoad(() => byId(id, "order", () => unwrap(api.GET("/api/v1/orders/{id}/history", { params: { path: { id } } }))), [id]);
  const { busy, error, run } = useSubmit();

  function changed(action: () => Promise<unknown>) {
    return run(async () => {
      await action();
      order.reload();
      history.reload();
    });
  }

  async function cancel() {
    if (!window.confirm("Cancel this order? The payment is refunded.")) {
      return;
    }
    await changed(() => unwrap(api.PATCH("/api/v1/orders/{id}/status", {
      params: { path: { id } }, body: { status: "CANCELLED", reason: "Cancelled by the customer" },
    })));
  }

  async function cancelPart(vendorId: string) {
    const part = order.data?.fulfilments?.find((p) => p.vendorId === vendorId);
    if (!order.data || !part) {
      return;
    }
    const { text, total } = partLines(order.data, part);
    if (!window.confirm(`Cancel ${text}? ${formatMoney(total)} is refunded; the rest of the order still comes.`)) {
      return;
    }
    await changed(() => unwrap(api.PATCH("/api/v1/orders/{id}/fulfilments/{vendorId}", {
      params: { path: { id, vendorId } }, body: { status: "CANCELLED", reason: "Cancelled by the customer" },
    })));
  }

  return (
    <Loaded state={order} label="Loading the order" missing={
      <Missing title="Order not found">Your orders are listed under <Link to="/orders">Orders</Link>.</Missing>}>
      {(o) => (
        <article className="order-detail">
          <h1>Order {o.reference}</h1>
          <p>Status: <span className={`status status-${o.status?.toLowerCase()}`}>{o.status}</span>
            {o.statusReason && <span className="muted"> — {o.statusReason}</span>}</p>
          {o.refundStatus && <p>Refund: {o.refundStatus} ({formatMoney(o.refunded)})</p>}
          <table>
            <thead><tr><th scope="col">Product</th><th scope="col">Unit price</th><th scope="col">Quantity</th><th scope="col">Total</th></tr></thead>
            <tbody>
              {o.items?.map((i) => (
                <tr key={i.productId}><td><Link to={`/products/${i.productId}`}>{i.name}</Link></td><td>{formatMoney(i.unitPrice)}</td><td>{i.quantity}</td><td>{formatMoney(i.lineTotal)}</td></tr>
              ))}
            </tbody>
          </table>
          <p>Subtotal {formatMoney(o.subtotal)} · Shipping {formatMoney(o.shipping)} · <strong>Total {formatMoney(o.total)}</strong></p>
          {(o.fulfilments?.length ?? 0) > 0 && <Parcels order={o} onCancel={(v) => void cancelPart(v)} busy={busy} />}
          {o.shippingAddress && (
            <address>{o.shippingAddress.name}<br />{o.shippingAddress.line1}{o.shippingAddress.line2 && <>, {o.shippingAddress.line2}</>}<br />
              {o.shippingAddress.postalCode} {o.shippingAddress.city} {o.shippingAddress.region} {o.shippingAddress.country}</address>
          )}
          <h2>Timeline</h2>
          <Loaded state={history} label="Loading the timeline">
            {(entries) => (
              <ol className="timeline">
                {entries.map((h, i) => (
                  <li key={i}><time dateTime={h.at}>{h.at ? new Date(h.at).toLocaleString() : ""}</time> <strong>{h.to}</strong>
                    {h.reason && <span className="muted"> — {h.reason}</span>}</li>
                ))}
              </ol>
            )}
          </Loaded>
          {history.data?.some((h) => h.to === "CONFIRMED") && <ReceiptButton orderId={id} reference={o.reference ?? ""} />}
          <ProblemMessage error={error} />
          {o.status === "CONFIRMED" && (
            <button type="button" onClick={() => void cancel()} disabled={busy}>{busy ? "Cancelling…" : "Cancel order"}</button>
          )}
        </article>
      )}
    </Loaded>
  );
}
