import { useEffect, useState, type FormEvent } from "react";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { Empty, ProblemMessage } from "../components/Status";
import { ImportHistory } from "./ImportHistory";

type Job = Schemas["ImportJobsJob"];
const POLL_MS = 500;

/** The share of rows done, 0–100, from the job's own counters. */
export function progress(job: Pick<Job, "total" | "processed" | "status">): number {
  if (job.status === "completed") {
    return 100;
  }
  if (!job.total) {
    return 0;
  }
  return Math.min(100, Math.floor(((job.processed ?? 0) * 100) / job.total));
}

function finished(job: Job): boolean {
  return job.status === "completed" || job.status === "failed";
}

export function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string>();
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<unknown>();
  // Counts finished jobs, so the list of past imports reloads when one ends.
  const [done, setDone] = useState(0);

  useEffect(() => {
    if (!jobId) {
      return;
    }
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const next = await unwrap(api.GET("/api/v1/products/imports/{id}", { params: { path: { id: jobId } } }));
        if (!live) {
          return;
        }
        setJob(next);
        if (finished(next)) {
          setDone((n) => n + 1);
        } else {
          timer = setTimeout(() => void poll(), POLL_MS);
        }
      } catch (cause) {
        if (live) {
          setError(cause);
        }
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [jobId]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) {
      return;
    }
    setError(undefined);
    setJob(undefined);
    try {
      const queued = await unwrap(api.POST("/api/v1/products/imports", {
        body: { file: file as unknown as string },
        bodySerializer: (body) => {
          const form = new FormData();
          form.append("file", body.file as unknown as Blob, file.name);
          return form;
        },
      }));
      setJobId(queued.id);
      setDone((n) => n + 1);
    } catch (cause) {
      setError(cause);
    }
  }

  function open(id: string) {
    if (id === jobId) {
      return;
    }
    setError(undefined);
    setJob(undefined);
    setJobId(id);
  }

  const percent = job ? progress(job) : 0;
  return (
    <section className="narrow">
      <h1>Import products from CSV</h1>
      <p className="muted">A catalogue downloaded from “My products” has these columns and imports back as it was.</p>
      <p className="muted">Columns: sku, name, price, currency, categories (required); description, status, compare_at_price,
        tags, images, weight_grams, barcode (a GTIN), variants, and a regional name per language as name:hi-IN, name:ta….
        Lists are separated by “|”; categories are slugs. Variants are “sku;price;options;barcode” each (the barcode
        optional), options as “size=M,colour=red”, e.g. “TEE-S;20.00;size=S|TEE-M;25.00;size=M;96385074”.</p>
      <form onSubmit={submit} aria-label="Import CSV">
        <label>CSV file <input type="file" accept=".csv,text/csv" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
        <button type="submit" className="primary" disabled={!file}>Upload</button>
      </form>
      <ProblemMessage error={error} />
      {job && (
        <div className="import-job">
          <h2>{job.fileName}</h2>
          <label htmlFor="import-progress">Progress: {percent}% ({job.processed ?? 0} of {job.total ?? 0} rows) — {job.status}</label>
          <progress id="import-progress" max={100} value={percent} aria-valuetext={`${percent}%`}>{percent}%</progress>
          <p>{job.succeeded ?? 0} imported · {job.failed ?? 0} failed · {job.duplicates ?? 0} duplicates</p>
          {job.error && <p className="problem" role="alert">{job.error}</p>}
          {finished(job) && (job.errors?.length ? (
            <table>
              <caption>Rows that were not imported</caption>
              <thead><tr><th scope="col">Row</th><th scope="col">Field</th><th scope="col">Problem</th></tr></thead>
              <tbody>{job.errors.map((r, i) => <tr key={i}><td>{r.row}</td><td>{r.field}</td><td>{r.message}</td></tr>)}</tbody>
            </table>
          ) : <Empty>Every row was imported.</Empty>)}
        </div>
      )}
      <ImportHistory refresh={done} onOpen={open} />
    </section>
  );
}
