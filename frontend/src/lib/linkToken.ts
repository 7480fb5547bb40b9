import { useState } from "react";

/** The token from an emailed link's fragment (`#token=…`), which never reaches a server. */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, "")).get("token");
  return token && /^[A-Za-z0-9_-]{1,100}$/.test(token) ? token : null;
}

/** Reads the link's token once and takes it out of the address bar and the history. */
export function useLinkToken(): string | null {
  const [token] = useState(() => {
    if (typeof window === "undefined") {
      return null;
    }
    const found = tokenFromHash(window.location.hash);
    if (window.location.hash) {
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    }
    return found;
  });
  return token;
}
