/**
 * @agora/client against the real platform (started by devstack's FrontendIT): a customer's whole
 * journey, and the silent refresh under concurrency with a really expired access token.
 */
import { createSign, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createAgoraClient, memoryTokenStore, newIdempotencyKey, ProblemError, unwrap, type AgoraClient } from "./index.js";

const gateway = process.env.AGORA_GATEWAY_URL;
const signingKey = process.env.AGORA_TEST_SIGNING_KEY;
const keyId = process.env.AGORA_TEST_KEY_ID;
const admin = { email: process.env.AGORA_ADMIN_EMAIL ?? "", password: process.env.AGORA_ADMIN_PASSWORD ?? "" };
const PASSWORD = "amber kettle orbit 7 ladders";

if (!gateway || !signingKey || !keyId || !admin.email) {
  throw new Error("Run through devstack's FrontendIT (it sets AGORA_GATEWAY_URL, AGORA_TEST_SIGNING_KEY, AGORA_TEST_KEY_ID, AGORA_ADMIN_*)");
}

function counting(): { fetch: typeof fetch; refreshes: () => number } {
  let refreshes = 0;
  return {
    fetch: (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith("/api/v1/auth/refresh")) {
        refreshes++;
      }
      return fetch(input, init);
    },
    refreshes: () => refreshes,
  };
}

/** The same claims as a real access token, signed with the platform's key, but expired two minutes ago. */
function expired(accessToken: string): string {
  const [header, payload] = accessToken.split(".");
  const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
  const past = Math.floor(Date.now() / 1000) - 1020;
  const forged = { ...claims, iat: past, nbf: past, exp: past + 900, jti: randomUUID() };
  const head = JSON.parse(Buffer.from(header ?? "", "base64url").toString()) as Record<string, unknown>;
  const body = `${Buffer.from(JSON.stringify({ ...head, kid: keyId })).toString("base64url")}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}`;
  const signature = createSign("RSA-SHA256").update(body).sign(signingKey!).toString("base64url");
  return `${body}.${signature}`;
}

async function stockedProduct(): Promise<string> {
  // A vendor with one product in stock, set up through the same public API.
  const vendor = createAgoraClient({ baseUrl: gateway });
  const email = `vendor-${randomUUID()}@example.com`;
  await unwrap(vendor.api.POST("/api/v1/auth/signup", { body: { name: "Client Vendor", email, password: PASSWORD } }));
  await vendor.login(email, PASSWORD);
  const applied = await unwrap(vendor.api.POST("/api/v1/vendors", { body: { name: "Client Test Shop", contactEmail: email,
    businessName: "Client Test Shop LLC", businessType: "company", address: { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" } } }));
  const boss = createAgoraClient({ baseUrl: gateway });
  await boss.login(admin.email, admin.password);
  await unwrap(boss.api.POST("/api/v1/vendors/{id}/verify", { params: { path: { id: (applied as { id: string }).id } } }));
  const categories = await unwrap(boss.api.GET("/api/v1/categories", { params: { query: { size: 1 } } }));
  const categoryId = categories.items?.[0]?.id ?? (await unwrap(boss.api.POST("/api/v1/categories", { body: { name: `Client ${randomUUID().slice(0, 8)}` } }))).id!;
  await vendor.login(email, PASSWORD);
  const product = await unwrap(vendor.api.POST("/api/v1/products", { body: { name: "Typed Teapot", sku: `TEA-${randomUUID().slice(0, 8)}`,
    price: { amount: "24.50", currency: "USD" }, categoryIds: [categoryId], status: "active" } }));
  expect(product.moderation).toBe("pending_review");
  // A vendor's product waits for review: the admin approves the version it saw.
  const approved = await unwrap(boss.api.POST("/api/v1/products/{id}/approve", { params: { path: { id: product.id! } },
    body: { version: product.version! } }));
  expect(approved.moderation).toBe("approved");
  await unwrap(vendor.api.PUT("/api/v1/inventory/{productId}", { params: { path: { productId: product.id! } }, body: { onHand: 50, reason: "client test" } }));
  return product.id!;
}

describe("@agora/client on the real platform", () => {
  let productId: string;
  let customer: AgoraClient;

  beforeAll(async () => {
    productId = await stockedProduct();
  });

  it("signs up, logs in, browses, checks out and finds the order in the history", async () => {
    customer = createAgoraClient({ baseUrl: gateway });
    const email = `client-${randomUUID()}@example.com`;
    await unwrap(customer.api.POST("/api/v1/auth/signup", { body: { name: "Client Customer", email, password: PASSWORD } }));
    await customer.login(email, PASSWORD);
    const me = await unwrap(customer.api.GET("/api/v1/users/me"));
    expect(me.email).toBe(email);

    const product = await unwrap(customer.api.GET("/api/v1/products/{id}", { params: { path: { id: productId } } }));
    expect(product.price).toEqual({ amount: "24.50", currency: "USD" });

    const body = { items: [{ productId, quantity: 2 }], paymentMethod: "pm_card_visa",
      shippingAddress: { name: "Client Customer", line1: "2 Side St", city: "Springfield", postalCode: "12345", country: "US" } };
    // An unconfirmed address cannot check out; an admin vouches for it here (the browser tests follow the emailed link).
    const refused = await unwrap(customer.api.POST("/api/v1/orders", { params: { header: { "Idempotency-Key": newIdempotencyKey() } }, body }))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProblemError);
    expect((refused as ProblemError).status).toBe(403);
    expect((refused as ProblemError).problem.type).toMatch(/\/email-unverified$/);
    const boss = createAgoraClient({ baseUrl: gateway });
    await boss.login(admin.email, admin.password);
    expect((await unwrap(boss.api.PUT("/api/v1/users/{id}/email-verified", { params: { path: { id: me.id! } } }))).emailVerified).toBe(true);

    const key = newIdempotencyKey();
    const order = await unwrap(customer.api.POST("/api/v1/orders", { params: { header: { "Idempotency-Key": key } }, body }));
    expect(order.status).toBe("CONFIRMED");
    expect(order.reference).toMatch(/^AG-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // The same key and body replay the order instead of placing another.
    const replay = await unwrap(customer.api.POST("/api/v1/orders", { params: { header: { "Idempotency-Key": key } }, body }));
    expect(replay.id).toBe(order.id);

    const history = await unwrap(customer.api.GET("/api/v1/orders"));
    expect(history.items?.map((o) => o.id)).toEqual([order.id]);
  });

  it("gives problems as ProblemErrors: another customer's order is 404", async () => {
    const stranger = createAgoraClient({ baseUrl: gateway });
    const email = `stranger-${randomUUID()}@example.com`;
    await unwrap(stranger.api.POST("/api/v1/auth/signup", { body: { name: "Stranger", email, password: PASSWORD } }));
    await stranger.login(email, PASSWORD);
    const mine = await unwrap(customer.api.GET("/api/v1/orders"));
    const error = await unwrap(stranger.api.GET("/api/v1/orders/{id}", { params: { path: { id: mine.items![0]!.id! } } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).status).toBe(404);
  });

  it("refreshes exactly once when five parallel calls carry an expired token", async () => {
    const counter = counting();
    const tokens = memoryTokenStore();
    const client = createAgoraClient({ baseUrl: gateway, tokens, fetch: counter.fetch });
    const email = `refresh-${randomUUID()}@example.com`;
    await unwrap(client.api.POST("/api/v1/auth/signup", { body: { name: "Refresher", email, password: PASSWORD } }));
    const pair = await client.login(email, PASSWORD);
    tokens.set({ ...pair, accessToken: expired(pair.accessToken) });

    const answers = await Promise.all(Array.from({ length: 5 }, () => unwrap(client.api.GET("/api/v1/users/me"))));
    expect(answers.map((a) => a.email)).toEqual(Array(5).fill(email));
    expect(counter.refreshes()).toBe(1);
    expect(tokens.get()?.refreshToken).not.toBe(pair.refreshToken);
    // Rotation respected: the spent refresh token no longer works, the new one does.
    const spent = await fetch(`${gateway}/api/v1/auth/refresh`, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refreshToken: pair.refreshToken }) });
    expect(spent.status).toBe(401);
  });
});
