import { useState } from "react";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { Empty, Loaded, ProblemMessage } from "../components/Status";

export function AdminEmails() {
  const failed = useLoad(() => unwrap(api.GET("/api/v1/notifications/failed", { params: { query: { size: 50 } } })), []);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState("");
  async function retry(id: string) {
    setError(undefined);
    setNotice("");
    try {
      await unwrap(api.POST("/api/v1/notifications/{id}/retry", { params: { path: { id } } }));
      setNotice("Queued for another attempt.");
      failed.reload();
    } catch (cause) {
      setError(cause);
    }
  }
  return (
    <section>
      <h1>Failed emails</h1>
      <ProblemMessage error={error} />
      {notice && <p role="status" className="notice">{notice}</p>}
      <Loaded state={failed} label="Loading failed emails">
        {(page) => page.items?.length ? (
          <table>
            <thead><tr><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Attempts</th><th scope="col">Last error</th><th scope="col">Retry</th></tr></thead>
            <tbody>
              {page.items.map((n) => (
                <tr key={n.id}>
                  <td>{n.recipientEmail}</td><td>{n.subject}</td><td>{n.attemptCount}</td><td>{n.lastError}</td>
                  <td><button type="button" onClick={() => void retry(n.id ?? "")}>Retry <span className="visually-hidden">{n.subject}</span></button></td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <Empty>No failed emails.</Empty>}
      </Loaded>
    </section>
  );
}
