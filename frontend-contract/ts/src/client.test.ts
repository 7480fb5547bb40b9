import { describe, expect, it } from "vitest";
import { createAgoraClient, memoryTokenStore, ProblemError, unwrap } from "./index.js";

const PROBLEM = { "Content-Type": "application/problem+json" };

/** A gateway stand-in: access tokens "a<n>" are valid while n is the latest generation. */
function fakeGateway() {
  let generation = 1;
  const calls: string[] = [];
  const refreshBodies: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname;
    calls.push(`${request.method} ${path}`);
    if (path === "/api/v1/auth/refresh") {
      const body = await request.text();
      refreshBodies.push(body);
      if (JSON.parse(body).refreshToken !== `r${generation}`) {
        return new Response(JSON.stringify({ type: "https://agora.dev/problems/invalid-token", title: "Invalid refresh token", status: 401 }), { status: 401, headers: PROBLEM });
      }
      await new Promise((r) => setTimeout(r, 20));
      generation++;
      return Response.json({ accessToken: `a${generation}`, refreshToken: `r${generation}`, tokenType: "Bearer", expiresIn: 900 });
    }
    if (request.headers.get("Authorization") !== `Bearer a${generation}`) {
      return new Response(JSON.stringify({ type: "https://agora.dev/problems/unauthorized", title: "Unauthorized", status: 401 }), { status: 401, headers: PROBLEM });
    }
    if (path === "/api/v1/orders" && request.method === "POST") {
      return Response.json({ key: request.headers.get("Idempotency-Key"), body: await request.json() }, { status: 201 });
    }
    return Response.json({ id: "me", name: "Ada" });
  };
  return { fetch, calls, refreshBodies, expire: () => { generation++; } };
}

describe("the client", () => {
  it("refreshes once for five parallel calls with an expired token and retries each", async () => {
    const gateway = fakeGateway();
    const tokens = memoryTokenStore({ accessToken: "a0", refreshToken: "r1", tokenType: "Bearer", expiresIn: 900 });
    const client = createAgoraClient({ baseUrl: "http://gw", tokens, fetch: gateway.fetch });
    const results = await Promise.all(Array.from({ length: 5 }, () => unwrap(client.api.GET("/api/v1/users/me"))));
    expect(results.map((r) => r.name)).toEqual(["Ada", "Ada", "Ada", "Ada", "Ada"]);
    expect(gateway.calls.filter((c) => c.endsWith("/auth/refresh"))).toHaveLength(1);
    expect(tokens.get()?.refreshToken).toBe("r2");
  });

  it("uses the rotated refresh token next time, never the spent one", async () => {
    const gateway = fakeGateway();
    const tokens = memoryTokenStore({ accessToken: "a0", refreshToken: "r1", tokenType: "Bearer", expiresIn: 900 });
    const client = createAgoraClient({ baseUrl: "http://gw", tokens, fetch: gateway.fetch });
    await unwrap(client.api.GET("/api/v1/users/me"));
    gateway.expire();
    tokens.set({ ...tokens.get()!, accessToken: "stale" });
    // The gateway expired r2 too in this stand-in, so the second refresh is refused and the session ends.
    let ended = false;
    const again = createAgoraClient({ baseUrl: "http://gw", tokens, fetch: gateway.fetch, onSessionEnded: () => { ended = true; } });
    await expect(unwrap(again.api.GET("/api/v1/users/me"))).rejects.toBeInstanceOf(ProblemError);
    expect(gateway.refreshBodies.map((b) => JSON.parse(b).refreshToken)).toEqual(["r1", "r2"]);
    expect(ended).toBe(true);
    expect(tokens.get()).toBeNull();
  });

  it("turns a problem into a ProblemError with its title, detail and field errors", async () => {
    const fetch = async () => new Response(JSON.stringify({ type: "https://agora.dev/problems/validation", title: "Invalid request",
      status: 400, detail: "quantity must be a whole number", errors: [{ field: "items[0].quantity", message: "must be a whole number" }] }),
    { status: 400, headers: PROBLEM });
    const client = createAgoraClient({ baseUrl: "http://gw", fetch });
    const error = await unwrap(client.api.GET("/api/v1/products")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    const problem = error as ProblemError;
    expect(problem.status).toBe(400);
    expect(problem.kind).toBe("validation");
    expect(problem.message).toBe("quantity must be a whole number");
    expect(problem.fieldError("items[0].quantity")).toBe("must be a whole number");
  });

  it("reports a network failure as a ProblemError with status 0", async () => {
    const client = createAgoraClient({ baseUrl: "http://gw", fetch: async () => { throw new TypeError("fetch failed"); } });
    const error = (await unwrap(client.api.GET("/api/v1/products")).catch((e: unknown) => e)) as ProblemError;
    expect(error.status).toBe(0);
    expect(error.problem.title).toBe("Agora cannot be reached");
  });

  it("adds an Idempotency-Key to a checkout that has none and keeps the caller's own", async () => {
    const gateway = fakeGateway();
    const tokens = memoryTokenStore({ accessToken: "a1", refreshToken: "r1", tokenType: "Bearer", expiresIn: 900 });
    const client = createAgoraClient({ baseUrl: "http://gw", tokens, fetch: gateway.fetch });
    const body = { items: [{ productId: "p", quantity: 1 }], paymentMethod: "pm_card_visa",
      shippingAddress: { name: "A", line1: "1 St", city: "C", postalCode: "1", country: "US" } };
    const generated = await unwrap(client.api.POST("/api/v1/orders", { params: { header: {} as never }, body })) as unknown as { key: string };
    expect(generated.key).toMatch(/^[0-9a-f-]{36}$/);
    const own = await unwrap(client.api.POST("/api/v1/orders", { params: { header: { "Idempotency-Key": "mine-1" } }, body })) as unknown as { key: string };
    expect(own.key).toBe("mine-1");
  });

  it("does not send the bearer token to log-in, sign-up, refresh or the password reset", async () => {
    const seen: (string | null)[] = [];
    const tokens = memoryTokenStore({ accessToken: "a1", refreshToken: "r1", tokenType: "Bearer", expiresIn: 900 });
    const client = createAgoraClient({ baseUrl: "http://gw", tokens, fetch: async (input) => {
      seen.push((input as Request).headers.get("Authorization"));
      return Response.json({ accessToken: "x", refreshToken: "y", tokenType: "Bearer", expiresIn: 900 });
    } });
    await client.login("a@example.com", "pw");
    await client.api.POST("/api/v1/auth/password/forgot", { body: { email: "a@example.com" } });
    await client.api.POST("/api/v1/auth/password/reset", { body: { token: "pr_x", password: "pw" } });
    expect(seen).toEqual([null, null, null]);
  });
});

describe("two clients sharing one token store (two browser tabs)", () => {
  it("rotate the refresh token once when both find their access token expired", async () => {
    const gateway = fakeGateway();
    const tokens = memoryTokenStore({ accessToken: "a0", refreshToken: "r1", tokenType: "Bearer", expiresIn: 900 });
    let chain: Promise<unknown> = Promise.resolve();
    // A stand-in for navigator.locks: one task at a time, in order.
    const exclusive = <T,>(task: () => Promise<T>): Promise<T> => {
      const run = chain.then(task, task);
      chain = run.catch(() => undefined);
      return run;
    };
    const tabA = createAgoraClient({ baseUrl: "http://gw", tokens, fetch: gateway.fetch, exclusive });
    const tabB = createAgoraClient({ baseUrl: "http://gw", tokens, fetch: gateway.fetch, exclusive });
    const [a, b] = await Promise.all([unwrap(tabA.api.GET("/api/v1/users/me")), unwrap(tabB.api.GET("/api/v1/users/me"))]);
    expect([a.name, b.name]).toEqual(["Ada", "Ada"]);
    expect(gateway.refreshBodies.map((body) => JSON.parse(body).refreshToken)).toEqual(["r1"]);
    expect(tokens.get()?.refreshToken).toBe("r2");
  });
});
