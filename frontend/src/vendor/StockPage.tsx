import { useState, type FormEvent } from "react";
import { useParams } from "react-router";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { Empty, Loaded, ProblemMessage } from "../components/Status";
import { ownProduct, useVendorId } from "./ownProduct";
import { ProductNotFound } from "./ProductNotFound";

/** The stock kept under the id, or null for one never stocked (asked first, so there is no 404 to log). */
async function ledger(stockId: string) {
  const check = await unwrap(api.POST("/api/v1/inventory/check", { body: { items: [{ productId: stockId, quantity: 1 }] } }));
  return check.items?.[0]?.tracked ? unwrap(api.GET("/api/v1/inventory/{productId}", { params: { path: { productId: stockId } } })) : null;
}

export function StockPage() {
  const { id = "" } = useParams();
  const vendorId = useVendorId();
  const product = useLoad(() => ownProduct(id, vendorId), [id, vendorId]);
  // A product sold in variants has no stock of its own: each variant's is kept under the variant's id.
  const variants = product.data?.variants ?? [];
  const [picked, setPicked] = useState("");
  const variant = variants.find((v) => v.id === picked) ?? variants[0];
  const stockId = variant?.id ?? id;
  const stock = useLoad(async () => (product.data === undefined ? null : ledger(stockId)), [stockId, product.data === undefined]);
  const locations = useLoad(() => unwrap(api.GET("/api/v1/inventory/locations", { params: { query: { size: 100 } } })), []);
  const [locationId, setLocationId] = useState("");
  const [onHand, setOnHand] = useState("");
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState("");

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setNotice("");
    const current = stock.data && "version" in stock.data ? stock.data : undefined;
    try {
      await unwrap(api.PUT("/api/v1/inventory/{productId}", { params: { path: { productId: stockId } },
        body: { onHand: Number(onHand), reason: "Stock count from the vendor page", version: current?.version,
          locationId: locationId || undefined } }));
      setNotice("Saved.");
      stock.reload();
      locations.reload();
    } catch (cause) {
      setError(cause);
    }
  }
  if (product.data === undefined) {
    // No form for stock of a product that is not there: it could only be refused.
    return (
      <Loaded state={product} label="Loading the product" missing={<ProductNotFound />}>
        {() => null}
      </Loaded>
    );
  }
  const detail = stock.data && "onHand" in stock.data ? stock.data : undefined;
  const known = locations.data?.items ?? [];
  return (
    <section className="narrow">
      <h1>Stock{product.data?.name ? ` of ${product.data.name}` : ""}{variant ? ` (${variant.label})` : ""}</h1>
      {variants.length > 0 && (
        <label>Variant{" "}
          <select value={variant?.id} onChange={(e) => { setPicked(e.target.value); setNotice(""); setError(undefined); }}>
            {variants.map((v) => <option key={v.id} value={v.id}>{v.label} · {v.sku}</option>)}
          </select>
        </label>
      )}
      <Loaded state={stock} label="Loading stock">
        {(s) => s === null ? <Empty>Never stocked yet.</Empty> : (
          <>
            <dl className="facts">
              <dt>On hand</dt><dd>{detail?.onHand ?? "—"}</dd>
              <dt>Reserved by open checkouts</dt><dd>{detail?.reserved ?? "—"}</dd>
              <dt>Available</dt><dd>{s.available}</dd>
            </dl>
            {detail?.locations?.length ? (
              <table>
                <caption>By location</caption>
                <thead><tr><th scope="col">Location</th><th scope="col">Country</th><th scope="col">On hand</th><th scope="col">Reserved</th><th scope="col">Available</th></tr></thead>
                <tbody>
                  {detail.locations.map((l) => (
                    <tr key={l.locationId}>
                      <td>{l.name}</td><td>{l.country ?? "not known"}</td><td>{l.onHand}</td><td>{l.reserved}</td><td>{l.available}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </>
        )}
      </Loaded>
      <form onSubmit={submit} aria-label="Set stock">
        {known.length > 1 && (
          <label>Location{" "}
            <select value={locationId} onChange={(e) => setLocationId(e.target.value)}>
              <option value="">{known[0]?.name} (main)</option>
              {known.slice(1).map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
            </select>
          </label>
        )}
        <label>Units on hand <input type="number" required min={0} max={1000000} step={1} value={onHand} onChange={(e) => setOnHand(e.target.value)} /></label>
        <ProblemMessage error={error} />
        {notice && <p role="status" className="notice">{notice}</p>}
        <button type="submit" className="primary">Set stock</button>
      </form>
    </section>
  );
}
