/**
 * @agora/client: the generated types of Agora's public API (schema.d.ts, from ../openapi.yaml) and
 * the thin wrapper every caller needs — base URL, bearer token, one silent refresh on 401,
 * Idempotency-Key generation and problem+json errors as exceptions.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];
export type TokenPair = Schemas["TokenPair"];

/** A problem+json answer (or a network failure, status 0) as an exception a UI can show. */
export class ProblemError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = "ProblemError";
    this.status = problem.status;
    this.problem = problem;
  }

  /** The slug at the end of the problem's type, e.g. `insufficient-stock`. */
  get kind(): string {
    return this.problem.type.substring(this.problem.type.lastIndexOf("/") + 1);
  }

  /** The message for a field, as the service worded it. */
  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field)?.message;
  }
}

/** Where the session's tokens live: memory, localStorage, ... */
export interface TokenStore {
  get(): TokenPair | null;
  set(tokens: TokenPair | null): void;
}

export function memoryTokenStore(initial: TokenPair | null = null): TokenStore {
  let tokens = initial;
  return { get: () => tokens, set: (t) => { tokens = t; } };
}

export interface AgoraClientOptions {
  /** The gateway's origin; "" (the default) means the page's own origin, as behind the ALB. */
  baseUrl?: string;
  tokens?: TokenStore;
  fetch?: typeof globalThis.fetch;
  /** Called when a refresh was refused: the session is over and the user must sign in again. */
  onSessionEnded?: () => void;
  /**
   * Runs each refresh exclusively across every client sharing the token store (browser tabs share
   * localStorage: pass a Web Locks wrapper). Inside it the client reads the stored pair again, so a
   * tab never rotates a refresh token another tab has already spent.
   */
  exclusive?: <T>(task: () => Promise<T>) => Promise<T>;
}

export interface AgoraClient {
  /** The typed openapi-fetch client: `api.GET("/api/v1/products", { params: { query: { q } } })`. */
  api: Client<paths>;
  tokens: TokenStore;
  /** Signs in and keeps the tokens. */
  login(email: string, password: string): Promise<TokenPair>;
  /** Ends this session at the server (best effort) and forgets the tokens. */
  logout(): Promise<void>;
  /** Rotates the refresh token; concurrent callers share one request. */
  refresh(): Promise<TokenPair | null>;
}

/** A fresh Idempotency-Key: reuse it for every retry of the same intended operation. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * The data of an openapi-fetch result, or a ProblemError for its error. Use as
 * `const order = await unwrap(api.GET("/api/v1/orders/{id}", ...))`.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (cause) {
    if (cause instanceof ProblemError) {
      throw cause;
    }
    throw new ProblemError({
      type: "about:blank",
      title: "Agora cannot be reached",
      status: 0,
      detail: "The request did not get an answer. Check the connection and try again.",
    });
  }
  if (result.response.ok) {
    return result.data as T;
  }
  throw new ProblemError(asProblem(result.error, result.response));
}

function asProblem(body: unknown, response: Response): Problem {
  if (body && typeof body === "object" && "title" in body && "status" in body) {
    return body as Problem;
  }
  return {
    type: "about:blank",
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: typeof body === "string" && body.length > 0 && body.length < 300 ? body : undefined,
  };
}

// Calls that move money or stock must carry a key; one is added when the caller gave none.
const IDEMPOTENT = [/^\/api\/v1\/orders\/?$/, /^\/api\/v1\/payments\/?$/];
// Calls that must never carry (or refresh) a session: the gateway strips credentials from them anyway,
// and a password reset has to work from a browser whose session has just been ended by it.
const AUTH_CALLS = /^\/api\/v1\/auth\/(login|signup|refresh|password\/forgot|password\/reset)$/;

export function createAgoraClient(options: AgoraClientOptions = {}): AgoraClient {
  const baseUrl = options.baseUrl ?? "";
  const tokens = options.tokens ?? memoryTokenStore();
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const api = createClient<paths>({ baseUrl, fetch: doFetch });
  const retries = new Map<string, Request>();
  let refreshing: Promise<TokenPair | null> | null = null;

  async function rotate(staleAccess: string | undefined): Promise<TokenPair | null> {
    const current = tokens.get();
    if (!current) {
      return null;
    }
    if (staleAccess !== undefined && current.accessToken !== staleAccess) {
      // Refreshed meanwhile (another tab, or a call that finished first): use that pair.
      return current;
    }
    const response = await doFetch(`${baseUrl}/api/v1/auth/refresh`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refreshToken: current.refreshToken }),
    });
    if (!response.ok) {
      // A refused refresh token is final (rotated elsewhere, reused or revoked); a 5xx or 429 is not.
      if (response.status === 400 || response.status === 401 || response.status === 403) {
        if (tokens.get()?.refreshToken === current.refreshToken) {
          tokens.set(null);
          options.onSessionEnded?.();
        }
      }
      return null;
    }
    const next = (await response.json()) as TokenPair;
    tokens.set(next);
    return next;
  }

  function refresh(staleAccess?: string): Promise<TokenPair | null> {
    // One refresh in flight at a time: a rotated refresh token is single-use, so a second
    // concurrent rotation would look like reuse and end the whole session.
    const exclusive = options.exclusive ?? ((task) => task());
    refreshing ??= exclusive(() => rotate(staleAccess)).finally(() => { refreshing = null; });
    return refreshing;
  }

  const middleware: Middleware = {
    onRequest({ request, id, schemaPath }) {
      const access = tokens.get()?.accessToken;
      if (access && !request.headers.has("Authorization") && !AUTH_CALLS.test(schemaPath)) {
        request.headers.set("Authorization", `Bearer ${access}`);
      }
      if (request.method === "POST" && IDEMPOTENT.some((p) => p.test(schemaPath)) && !request.headers.get("Idempotency-Key")) {
        request.headers.set("Idempotency-Key", newIdempotencyKey());
      }
      if (request.headers.has("Authorization")) {
        retries.set(id, request.clone());
      }
      return request;
    },
    async onResponse({ response, id }) {
      const original = retries.get(id);
      retries.delete(id);
      if (response.status !== 401 || !original) {
        return response;
      }
      const sentWith = original.headers.get("Authorization");
      const current = tokens.get();
      // Another call may have refreshed already: retry with its token instead of rotating again.
      const fresh = current && `Bearer ${current.accessToken}` !== sentWith ? current
        : await refresh(sentWith?.replace(/^Bearer /, ""));
      if (!fresh) {
        return response;
      }
      const retry = new Request(original, { headers: new Headers(original.headers) });
      retry.headers.set("Authorization", `Bearer ${fresh.accessToken}`);
      return doFetch(retry);
    },
    onError({ id }) {
      retries.delete(id);
    },
  };
  api.use(middleware);

  return {
    api,
    tokens,
    async login(email, password) {
      const pair = await unwrap(api.POST("/api/v1/auth/login", { body: { email, password } }));
      tokens.set(pair);
      return pair;
    },
    async logout() {
      try {
        if (tokens.get()) {
          await api.POST("/api/v1/auth/logout");
        }
      } finally {
        tokens.set(null);
      }
    },
    refresh,
  };
}
