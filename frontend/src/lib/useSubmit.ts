import { useCallback, useState } from "react";

/** A form's submit: busy while it runs, the error it ended with (shown by ProblemMessage), cleared on retry. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
}
