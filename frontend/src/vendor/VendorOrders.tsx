import { useState } from "react";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { Empty, Loaded, ProblemMessage } from "../components/Status";
import { OrderTable } from "../shop/Orders";

/** Orders with this vendor's products that are paid and wait to be shipped. */
export function VendorOrders() {
  const orders = useLoad(() => unwrap(api.GET("/api/v1/orders", { params: { query: { status: "CONFIRMED", size: 50 } } })), []);
  const [error, setError] = useState<unknown>();
  async function ship(id: string) {
    setError(undefined);
    try {
      await unwrap(api.PATCH("/api/v1/orders/{id}/status", { params: { path: { id } }, body: { status: "SHIPPED" } }));
      orders.reload();
    } catch (cause) {
      setError(cause);
    }
  }
  return (
    <section>
      <h1>Orders to ship</h1>
      <ProblemMessage error={error} />
      <Loaded state={orders} label="Loading orders">
        {(page) => page.items?.length ? (
          <>
            <OrderTable orders={page.items} />
            <ul className="plain">
              {page.items.map((o) => (
                <li key={o.id}><button type="button" onClick={() => void ship(o.id ?? "")}>Mark {o.reference} as shipped</button></li>
              ))}
            </ul>
          </>
        ) : <Empty>Nothing to ship right now.</Empty>}
      </Loaded>
    </section>
  );
}
