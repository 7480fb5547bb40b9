// Shared by the browser tests: the platform's addresses (set by devstack's FrontendIT), a typed API
// client for set-up, and Debian's Chromium driven by playwright-core, never a downloaded browser.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { deflateSync } from "node:zlib";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";
import { createAgoraClient, unwrap } from "@agora/client";
import { messagesTo, unfold } from "./mailbox.mjs";

export const WEB = required("AGORA_WEB_URL");
export const GATEWAY = required("AGORA_GATEWAY_URL");
// product-svc names images by the gateway's address as a browser on this machine reaches it (make run's CSP allows localhost).
const MEDIA = `${GATEWAY.replace("127.0.0.1", "localhost")}/api/v1/media/`;
export const ADMIN = { email: required("AGORA_ADMIN_EMAIL"), password: required("AGORA_ADMIN_PASSWORD") };
export const PASSWORD = "violet harbour sketch 93 lanterns";
const SHOTS = process.env.AGORA_SCREENSHOTS ?? new URL("../target/screenshots", import.meta.url).pathname;
const RESULT = process.env.AGORA_E2E_RESULT;

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: the browser tests run from devstack's FrontendIT (make test)`);
  }
  return value;
}

export function unique(prefix) {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
      "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
}

/** A page that records console errors, page errors and requests leaving the app's origin. */
export async function openPage(browser, viewport = { width: 1280, height: 900 }, options = {}) {
  const context = await browser.newContext({ viewport, baseURL: WEB, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  // The platform's own gateway is not external: uploaded product images are served through it.
  page.on("request", (r) => {
    if (!r.url().startsWith(WEB) && !r.url().startsWith(MEDIA) && !r.url().startsWith("data:")) {
      problems.push(`external request: ${r.url()}`);
    }
  });
  return { page, context, problems };
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** No axe violations of serious or critical impact. */
export async function accessibilityViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`);
}

export function client() {
  return createAgoraClient({ baseUrl: GATEWAY });
}

export async function signedIn(email, password = PASSWORD) {
  const c = client();
  await c.login(email, password);
  return c;
}

/** The token of the newest email verification link sent to `email` (GreenMail over IMAP). */
export async function verificationToken(email) {
  return eventually(async () => {
    const links = (await messagesTo(email)).map(unfold)
      .map((m) => /\/verify-email#token=([A-Za-z0-9_-]+)/.exec(m)?.[1]).filter(Boolean);
    assert.ok(links.length > 0, `a verification email to ${email}`);
    return links.at(-1);
  }, 30_000);
}

/** A customer who signed up and followed the emailed link, as checkout needs; signed in (after the link). */
export async function verifiedCustomer(name, email, password = PASSWORD) {
  const customer = client();
  await unwrap(customer.api.POST("/api/v1/auth/signup", { body: { name, email, password } }));
  const token = await verificationToken(email);
  await unwrap(customer.api.POST("/api/v1/auth/email/verify", { body: { token } }));
  await customer.login(email, password);
  return customer;
}

/** A verified vendor with a category to sell in, set up through the public API. */
export async function verifiedVendor(shop) {
  const email = unique("vendor");
  const vendor = client();
  await unwrap(vendor.api.POST("/api/v1/auth/signup", { body: { name: "E2E Vendor", email, password: PASSWORD } }));
  await vendor.login(email, PASSWORD);
  const applied = await unwrap(vendor.api.POST("/api/v1/vendors", { body: { name: shop, contactEmail: email,
    businessName: `${shop} LLC`, businessType: "company", address: { line1: "1 Market St", city: "Springfield", postalCode: "12345", country: "US" } } }));
  const admin = await signedIn(ADMIN.email, ADMIN.password);
  await unwrap(admin.api.POST("/api/v1/vendors/{id}/verify", { params: { path: { id: applied.id } } }));
  await vendor.login(email, PASSWORD);
  return { email, vendor, admin, vendorId: applied.id, shop };
}

export async function category(admin, name) {
  const existing = await unwrap(admin.api.GET("/api/v1/categories", { params: { query: { size: 100 } } }));
  const found = existing.items?.find((c) => c.name === name);
  return found ?? unwrap(admin.api.POST("/api/v1/categories", { body: { name } }));
}

/** An active product of the vendor's, approved by an admin (a vendor's product waits for review), with stock. */
export async function product(vendor, { name, price, categoryId, stock = 50 }) {
  const created = await unwrap(vendor.api.POST("/api/v1/products", { body: { name, sku: `E2E-${randomUUID().slice(0, 8)}`,
    price: { amount: price, currency: "USD" }, categoryIds: [categoryId], status: "active", description: `${name}, made for the browser tests.`,
    tags: ["e2e"] } }));
  await unwrap(vendor.api.PUT("/api/v1/inventory/{productId}", { params: { path: { productId: created.id } }, body: { onHand: stock, reason: "e2e" } }));
  return approved(created.id);
}

let reviewer;

/** The product approved by an admin as it now stands (after a change that sent it back to review, say). */
export async function approved(productId) {
  reviewer ??= await signedIn(ADMIN.email, ADMIN.password);
  const current = await unwrap(reviewer.api.GET("/api/v1/products/{id}", { params: { path: { id: productId } } }));
  return current.moderation === "approved" ? current
    : unwrap(reviewer.api.POST("/api/v1/products/{id}/approve", { params: { path: { id: productId } }, body: { version: current.version } }));
}

/** What FrontendIT checks after the browser run (the confirmation email at GreenMail). */
export function record(values) {
  if (!RESULT) {
    return;
  }
  const current = existsSync(RESULT) ? JSON.parse(readFileSync(RESULT, "utf8")) : {};
  writeFileSync(RESULT, JSON.stringify({ ...current, ...values }, null, 2));
}

/** Polls until the check passes (product search sees new products once the cache and stock events settle). */
export async function eventually(check, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      return await check();
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw last;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) {
    c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) {
    c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG of one colour (with a darker band, so renditions differ from a flat fill), for uploads. */
export function png(width, height, [r, g, b]) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    const shade = y < height / 4 ? 0.5 : 1;
    for (let x = 0; x < width; x++) {
      row.set([Math.round(r * shade), Math.round(g * shade), Math.round(b * shade)], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
}
