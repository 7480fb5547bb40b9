import { useState } from "react";
import { unwrap } from "@agora/client";
import { api } from "../lib/api";
import { useLoad } from "../lib/useLoad";
import { Pager } from "../components/Pager";
import { Empty, Loaded } from "../components/Status";

const PAGE_SIZE = 10;

/** The vendor's past imports, newest first; "Details" opens one with its row errors. */
export function ImportHistory({ refresh, onOpen }: { refresh: unknown; onOpen(id: string): void }) {
  const [page, setPage] = useState(0);
  const imports = useLoad(() => unwrap(api.GET("/api/v1/products/imports", { params: { query: { page, size: PAGE_SIZE } } })),
    [page, refresh]);
  return (
    <section aria-labelledby="import-history">
      <h2 id="import-history">Past imports</h2>
      <Loaded state={imports} label="Loading your imports">
        {(list) => list.items?.length ? (
          <>
            <table>
              <caption className="visually-hidden">Past imports, newest first</caption>
              <thead>
                <tr><th scope="col">File</th><th scope="col">Uploaded</th><th scope="col">Status</th><th scope="col">Imported</th>
                  <th scope="col">Failed</th><th scope="col">Duplicates</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
              </thead>
              <tbody>
                {list.items.map((job) => (
                  <tr key={job.id}>
                    <td>{job.fileName}</td>
                    <td>{job.createdAt ? <time dateTime={job.createdAt}>{new Date(job.createdAt).toLocaleString()}</time> : ""}</td>
                    <td className={`status status-${job.status ?? ""}`}>{job.status}</td>
                    <td>{job.succeeded ?? 0} of {job.total ?? 0}</td><td>{job.failed ?? 0}</td><td>{job.duplicates ?? 0}</td>
                    <td><button type="button" className="link" onClick={() => onOpen(job.id ?? "")}>
                      Details <span className="visually-hidden">of {job.fileName}</span></button></td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager page={page} totalPages={list.totalPages} onPage={setPage} />
          </>
        ) : <Empty>No imports yet.</Empty>}
      </Loaded>
    </section>
  );
}
