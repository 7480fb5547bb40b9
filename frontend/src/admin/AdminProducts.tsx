import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { formatMoney } from "../lib/money";
import { Empty, Loaded, ProblemMessage } from "../components/Status";

type Item = Schemas["ProductModerationQueueItem"];

/** The products waiting for review, most complete first: approve, or reject with a reason the vendor reads. */
export function AdminProducts() {
  const queue = useLoad(() => unwrap(api.GET("/api/v1/products/review-queue", { params: { query: { size: 100 } } })), []);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState("");

  async function decide(item: Item, reason?: string) {
    const product = item.product;
    setError(undefined);
    setNotice("");
    try {
      const path = { params: { path: { id: product.id ?? "" } } };
      if (reason === undefined) {
        await unwrap(api.POST("/api/v1/products/{id}/approve", { ...path, body: { version: product.version ?? 0 } }));
      } else {
        await unwrap(api.POST("/api/v1/products/{id}/reject", { ...path, body: { version: product.version ?? 0, reason } }));
      }
      setNotice(`${product.name} was ${reason === undefined ? "approved" : "rejected"}.`);
      queue.reload();
    } catch (cause) {
      setError(cause);
      // A 409 means the vendor changed it meanwhile: show the product as it is now.
      queue.reload();
    }
  }
  return (
    <section>
      <h1>Product review queue</h1>
      <p>Shoppers do not see these products until they are approved. The most complete come first.</p>
      <ProblemMessage error={error} />
      {notice && <p role="status" className="notice">{notice}</p>}
      <Loaded state={queue} label="Loading the queue">
        {(page) => page.items?.length ? (
          <table>
            <thead><tr><th scope="col">Product</th><th scope="col">Price</th><th scope="col">Quality</th><th scope="col">Waiting since</th><th scope="col">Decision</th></tr></thead>
            <tbody>
              {page.items.map((item) => (
                <tr key={item.product.id}>
                  <td>
                    <Link to={`/products/${item.product.id}`}>{item.product.name}</Link>
                    {item.product.status === "draft" && <> <span className="tag">draft</span></>}
                    <div className="muted">{excerpt(item.product.description ?? "")}</div>
                  </td>
                  <td>{formatMoney(item.product.price)}</td>
                  <td><meter min={0} max={100} value={item.qualityScore} aria-label={`Quality of ${item.product.name}`} /> {item.qualityScore}</td>
                  <td>{item.submittedAt ? new Date(item.submittedAt).toLocaleString() : ""}</td>
                  <td><Decision item={item} onDecide={(reason) => void decide(item, reason)} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <Empty>No products waiting for review.</Empty>}
      </Loaded>
    </section>
  );
}

function Decision({ item, onDecide }: { item: Item; onDecide: (reason?: string) => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const name = item.product.name;

  function reject(e: FormEvent) {
    e.preventDefault();
    onDecide(reason.trim());
  }
  if (rejecting) {
    return (
      <form onSubmit={reject} aria-label={`Reject ${name}`}>
        <label>Reason the vendor reads <input required maxLength={1000} pattern=".*\S.*" value={reason}
          onChange={(e) => setReason(e.target.value)} /></label>
        <button type="submit">Reject <span className="visually-hidden">{name}</span></button>
        <button type="button" className="link" onClick={() => setRejecting(false)}>Cancel</button>
      </form>
    );
  }
  return (
    <div className="actions">
      <button type="button" onClick={() => onDecide()}>Approve <span className="visually-hidden">{name}</span></button>
      <button type="button" onClick={() => setRejecting(true)}>Reject… <span className="visually-hidden">{name}</span></button>
    </div>
  );
}

/** The start of a description: the whole text is on the product's page, which admins see before approval. */
export function excerpt(text: string, max = 240): string {
  return text.length <= max ? text : `${text.slice(0, max).trimEnd()}…`;
}
