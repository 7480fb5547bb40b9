import { useState } from "react";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { fileName, save } from "../lib/download";
import { ProblemMessage } from "../components/Status";

/** Downloads the order's receipt (PDF), with a credit note for what was refunded. */
export function ReceiptButton({ orderId, reference }: { orderId: string; reference: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function download() {
    setBusy(true);
    setError(undefined);
    try {
      const call = api.GET("/api/v1/orders/{id}/receipt", { params: { path: { id: orderId } }, parseAs: "blob" });
      const body = await unwrap(call);
      const { response } = await call;
      save(body as Blob, fileName(response.headers.get("Content-Disposition"), `agora-receipt-${reference}.pdf`));
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" onClick={() => void download()} disabled={busy} aria-busy={busy}>
        {busy ? "Preparing…" : "Download receipt (PDF)"}
      </button>
      <ProblemMessage error={error} />
    </>
  );
}
