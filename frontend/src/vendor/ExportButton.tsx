import { useState } from "react";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { fileName, save } from "../lib/download";
import { ProblemMessage } from "../components/Status";

/** Downloads the vendor's catalogue (every product but the archived ones) as CSV in the import's columns. */
export function ExportButton() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function download() {
    setBusy(true);
    setError(undefined);
    try {
      const call = api.GET("/api/v1/products/export", { parseAs: "blob" });
      const body = await unwrap(call);
      const { response } = await call;
      save(body as Blob, fileName(response.headers.get("Content-Disposition"), "agora-products.csv"));
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" onClick={() => void download()} disabled={busy} aria-busy={busy}>
        {busy ? "Preparing…" : "Download catalogue (CSV)"}
      </button>
      <ProblemMessage error={error} />
    </>
  );
}
