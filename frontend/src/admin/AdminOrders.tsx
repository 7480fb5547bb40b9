import { useState } from "react";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { Empty, Loaded, ProblemMessage } from "../components/Status";
import { Pager } from "../components/Pager";
import { OrderTable } from "../shop/Orders";

type OrderStatus = NonNullable<Schemas["OrderView"]["status"]>;
const STATUSES: readonly OrderStatus[] = ["PENDING", "CONFIRMED", "PAYMENT_FAILED", "PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED", "CANCELLED", "REFUNDED"];
// What an admin may move an order to from each status (order-svc's StatusChanges has the rules).
const NEXT: Partial<Record<OrderStatus, OrderStatus[]>> = {
  CONFIRMED: ["SHIPPED", "CANCELLED"], PARTIALLY_SHIPPED: ["SHIPPED", "REFUNDED"], SHIPPED: ["DELIVERED", "REFUNDED"], DELIVERED: ["REFUNDED"],
};

export function AdminOrders() {
  const [status, setStatus] = useState<OrderStatus | "">("");
  const [reference, setReference] = useState("");
  const [page, setPage] = useState(0);
  const orders = useLoad(() => unwrap(api.GET("/api/v1/orders", { params: { query: {
    status: status || undefined, reference: reference.trim() || undefined, page, size: 25 } } })), [status, reference, page]);
  const [error, setError] = useState<unknown>();

  async function move(id: string, to: OrderStatus) {
    setError(undefined);
    try {
      await unwrap(api.PATCH("/api/v1/orders/{id}/status", { params: { path: { id } }, body: { status: to, reason: `Set by an admin` } }));
      orders.reload();
    } catch (cause) {
      setError(cause);
    }
  }
  return (
    <section>
      <h1>Orders</h1>
      <div className="row">
        <label>Status
          <select value={status} onChange={(e) => { setPage(0); setStatus(e.target.value as OrderStatus | ""); }}>
            <option value="">Any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>Reference <input placeholder="AG-XXXX-XXXX" maxLength={12} value={reference} onChange={(e) => { setPage(0); setReference(e.target.value.toUpperCase()); }} /></label>
      </div>
      <ProblemMessage error={error} />
      <Loaded state={orders} label="Loading orders">
        {(result) => result.items?.length ? (
          <>
            <OrderTable orders={result.items} />
            <ul className="plain">
              {result.items.filter((o) => o.status && NEXT[o.status]).map((o) => (
                <li key={o.id}>{o.reference}: {(o.status ? NEXT[o.status] : undefined)?.map((to) => (
                  <button key={to} type="button" onClick={() => void move(o.id ?? "", to)}>Mark {to}</button>
                ))}</li>
              ))}
            </ul>
            <Pager page={page} totalPages={result.totalPages} onPage={setPage} />
          </>
        ) : <Empty>No orders match.</Empty>}
      </Loaded>
    </section>
  );
}
