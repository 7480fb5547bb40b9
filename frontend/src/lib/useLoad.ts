import { useCallback, useEffect, useRef, useState } from "react";
import { ProblemError } from "@agora/client";

export interface Loaded<T> {
  data: T | undefined;
  error: ProblemError | undefined;
  loading: boolean;
  reload(): void;
}

/** Runs a load when its inputs change; a stale answer never overwrites a newer one. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ProblemError>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    const run = ++latest.current;
    setLoading(true);
    setError(undefined);
    load().then(
      (value) => {
        if (run === latest.current) {
          setData(value);
          setLoading(false);
        }
      },
      (cause: unknown) => {
        if (run === latest.current) {
          setError(cause instanceof ProblemError ? cause : new ProblemError({ type: "about:blank",
            title: "Something went wrong", status: 0, detail: String(cause) }));
          setLoading(false);
        }
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  return { data, error, loading, reload };
}
