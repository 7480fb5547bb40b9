import { createAgoraClient, type TokenPair, type TokenStore } from "@agora/client";

const KEY = "agora.session";
const listeners = new Set<() => void>();

/** Tokens in localStorage so a reload keeps the session; every tab reads the same pair. */
export const tokenStore: TokenStore & { subscribe(l: () => void): () => void } = {
  get() {
    try {
      const raw = localStorage.getItem(KEY);
      return raw ? (JSON.parse(raw) as TokenPair) : null;
    } catch {
      return null;
    }
  },
  set(tokens) {
    if (tokens) {
      localStorage.setItem(KEY, JSON.stringify(tokens));
    } else {
      localStorage.removeItem(KEY);
    }
    listeners.forEach((l) => l());
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

if (typeof window !== "undefined") {
  window.addEventListener("storage", (e) => {
    if (e.key === KEY) {
      listeners.forEach((l) => l());
    }
  });
}

// The gateway is the page's own origin (the ALB, or devstack's web server, sends /api/* to it).
// Tabs share the tokens: a Web Lock makes one tab at a time rotate the refresh token (each one reads
// the stored pair inside the lock, so none rotates a token another has spent).
const exclusive = typeof navigator !== "undefined" && navigator.locks
  ? <T,>(task: () => Promise<T>) => navigator.locks.request("agora-token-refresh", task) as Promise<T>
  : undefined;

export const agora = createAgoraClient({
  baseUrl: typeof window === "undefined" ? "" : window.location.origin,
  tokens: tokenStore,
  exclusive,
});
export const api = agora.api;
