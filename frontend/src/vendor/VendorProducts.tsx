import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { formatMoney } from "../lib/money";
import { Empty, Loaded, ProblemMessage } from "../components/Status";
import { ExportButton } from "./ExportButton";
import { moderationNote } from "./moderation";
import { useVendorId } from "./ownProduct";

export function VendorProducts() {
  const vendorId = useVendorId();
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") ?? "active") as "draft" | "active" | "archived";
  const products = useLoad(() => unwrap(api.GET("/api/v1/products", { params: { query: { vendor: vendorId, status, size: 100, sort: "newest" } },
    // The catalogue's own names: this is where the vendor manages them.
    headers: { "Accept-Language": "*" } })), [vendorId, status]);
  const [error, setError] = useState<unknown>();

  async function archive(id: string, version: number) {
    setError(undefined);
    try {
      await unwrap(api.PATCH("/api/v1/products/{id}", { params: { path: { id } }, body: { status: "archived", version } }));
      products.reload();
    } catch (cause) {
      setError(cause);
    }
  }
  return (
    <section>
      <h1>My products</h1>
      <div className="toolbar"><ExportButton /></div>
      <label>Show
        <select value={status} onChange={(e) => setParams({ status: e.target.value })}>
          <option value="active">Active</option><option value="draft">Drafts</option><option value="archived">Archived</option>
        </select>
      </label>
      <ProblemMessage error={error} />
      <Loaded state={products} label="Loading your products">
        {(page) => page.items?.length ? (
          <table>
            <thead><tr><th scope="col">Name</th><th scope="col">SKU</th><th scope="col">Price</th><th scope="col">Review</th><th scope="col">Actions</th></tr></thead>
            <tbody>
              {page.items.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td><td>{p.sku}</td><td>{formatMoney(p.price)}</td>
                  <td><ModerationCell product={p} /></td>
                  <td className="actions">
                    <Link to={`/vendor/products/${p.id}`}>Edit</Link>
                    <Link to={`/vendor/stock/${p.id}`}>Stock</Link>
                    {p.status !== "archived" && <button type="button" className="link" onClick={() => void archive(p.id ?? "", p.version ?? 0)}>Archive <span className="visually-hidden">{p.name}</span></button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <Empty>No {status} products. <Link to="/vendor/products/new">Create one</Link> or <Link to="/vendor/import">import a CSV</Link>.</Empty>}
      </Loaded>
    </section>
  );
}

function ModerationCell({ product }: { product: Parameters<typeof moderationNote>[0] }) {
  const note = moderationNote(product);
  return product.moderation === "approved"
    ? <span className="badge ok">{note.label}</span>
    : <><span className="badge">{note.label}</span>{product.moderation === "rejected" && <> {product.moderationReason}</>}</>;
}
