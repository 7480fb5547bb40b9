import type { ReactNode } from "react";
import { Link } from "react-router";
import { ProblemError } from "@agora/client";

/** A problem as the service worded it: its title, its detail and any field errors. */
export function ProblemMessage({ error }: { error: unknown }) {
  if (!error) {
    return null;
  }
  const problem = error instanceof ProblemError ? error.problem : { title: "Something went wrong", detail: String(error) };
  const errors = error instanceof ProblemError ? error.problem.errors ?? [] : [];
  return (
    <div className="problem" role="alert">
      <strong>{problem.title}</strong>
      {problem.detail && <p>{problem.detail}</p>}
      {errors.length > 0 && (
        <ul>
          {errors.map((e) => <li key={e.field + e.message}><code>{e.field}</code> {e.message}</li>)}
        </ul>
      )}
    </div>
  );
}

export function Loading({ label = "Loading" }: { label?: string }) {
  return <p className="loading" role="status" aria-live="polite">{label}…</p>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** A page for a link that leads nowhere: what was not found, and a way on. */
export function Missing({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="narrow">
      <h1>{title}</h1>
      <p>{children ?? "It may have been removed, or the link is mistyped."}</p>
      <p><Link to="/">Back to the shop</Link></p>
    </div>
  );
}

/** Loading, error or content, in that order; a 404 shows `missing` when given. */
export function Loaded<T>({ state, children, label, missing }: {
  state: { data: T | undefined; error: unknown; loading: boolean };
  children: (data: T) => ReactNode;
  label?: string;
  missing?: ReactNode;
}) {
  if (missing !== undefined && state.error instanceof ProblemError && state.error.problem.status === 404) {
    return <>{missing}</>;
  }
  if (state.error) {
    return <ProblemMessage error={state.error} />;
  }
  if (state.loading && state.data === undefined) {
    return <Loading label={label} />;
  }
  return state.data === undefined ? null : <>{children(state.data)}</>;
}
