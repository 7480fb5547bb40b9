import { useState } from "react";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { Empty, Loaded, ProblemMessage } from "../components/Status";

type Vendor = Schemas["VendorPrivateView"];

export function AdminVendors() {
  const queue = useLoad(() => unwrap(api.GET("/api/v1/vendors", { params: { query: { status: "pending", size: 100 } } })), []);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState("");

  async function decide(vendor: Vendor, verify: boolean) {
    setError(undefined);
    setNotice("");
    try {
      if (verify) {
        await unwrap(api.POST("/api/v1/vendors/{id}/verify", { params: { path: { id: vendor.id ?? "" } } }));
      } else {
        const reason = window.prompt(`Why is ${vendor.name} rejected? The applicant sees this.`);
        if (!reason) {
          return;
        }
        await unwrap(api.POST("/api/v1/vendors/{id}/reject", { params: { path: { id: vendor.id ?? "" } }, body: { reason } }));
      }
      setNotice(`${vendor.name} was ${verify ? "verified" : "rejected"}.`);
      queue.reload();
    } catch (cause) {
      setError(cause);
    }
  }
  return (
    <section>
      <h1>Vendor verification queue</h1>
      <ProblemMessage error={error} />
      {notice && <p role="status" className="notice">{notice}</p>}
      <Loaded state={queue} label="Loading applications">
        {(page) => page.items?.length ? (
          <table>
            <thead><tr><th scope="col">Shop</th><th scope="col">Business</th><th scope="col">Contact</th><th scope="col">Applied</th><th scope="col">Decision</th></tr></thead>
            <tbody>
              {(page.items as Vendor[]).map((v) => (
                <tr key={v.id}>
                  <td>{v.name}</td><td>{v.businessName} ({v.businessType})</td><td>{v.contactEmail}</td>
                  <td>{v.createdAt ? new Date(v.createdAt).toLocaleDateString() : ""}</td>
                  <td className="actions">
                    <button type="button" onClick={() => void decide(v, true)}>Verify <span className="visually-hidden">{v.name}</span></button>
                    <button type="button" onClick={() => void decide(v, false)}>Reject <span className="visually-hidden">{v.name}</span></button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <Empty>No applications waiting.</Empty>}
      </Loaded>
    </section>
  );
}
