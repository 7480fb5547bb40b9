// An admin in Chromium: verifies a waiting vendor from the queue, vouches for a customer's email
// address, and sees the dashboard's charts drawn from the traffic the shopper's browser sent.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { unwrap } from "@agora/client";
import { ADMIN, client, launch, openPage, PASSWORD, screenshot, unique } from "./harness.mjs";

let browser;
let applicant;

before(async () => {
  browser = await launch();
  const email = unique("applicant");
  const c = client();
  await unwrap(c.api.POST("/api/v1/auth/signup", { body: { name: "Waiting Vendor", email, password: PASSWORD } }));
  await c.login(email, PASSWORD);
  applicant = await unwrap(c.api.POST("/api/v1/vendors", { body: { name: `Queue Shop ${email.slice(10, 16)}`, contactEmail: email,
    businessName: "Queue Shop Ltd", businessType: "company", address: { line1: "9 Quay", city: "Portsmouth", postalCode: "PO1", country: "GB" } } }));
});

after(async () => {
  await browser?.close();
});

async function login(page) {
  await page.goto("/login?next=/admin");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
}

test("an admin verifies a vendor from the queue", async () => {
  const { page, context, problems } = await openPage(browser);
  await login(page);
  await page.getByRole("link", { name: "Vendor queue" }).click();
  const row = page.getByRole("row", { name: new RegExp(applicant.name) });
  await row.waitFor();
  await screenshot(page, "admin-vendors");
  await row.getByRole("button", { name: /Verify/ }).click();
  await page.getByText(`${applicant.name} was verified.`).waitFor();
  await row.waitFor({ state: "detached" });
  const admin = client();
  await admin.login(ADMIN.email, ADMIN.password);
  const vendor = await unwrap(admin.api.GET("/api/v1/vendors/{id}", { params: { path: { id: applicant.id } } }));
  assert.equal(vendor.verificationStatus, "verified");
  assert.deepEqual(problems, []);
  await context.close();
});

test("an admin sees whose address is unconfirmed and vouches for one", async () => {
  const email = unique("unconfirmed");
  await unwrap(client().api.POST("/api/v1/auth/signup", { body: { name: "Lost Email", email, password: PASSWORD } }));
  const { page, context, problems } = await openPage(browser);
  await login(page);
  await page.goto("/admin/users");
  await page.getByRole("search", { name: "Find users" }).getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Find" }).click();
  const row = page.getByRole("row", { name: new RegExp(email) });
  await row.getByRole("cell", { name: /^no/ }).waitFor();
  await screenshot(page, "admin-users");
  await row.getByRole("button", { name: `Mark the address of ${email} confirmed` }).click();
  await page.getByRole("status").filter({ hasText: `${email}: the address is marked confirmed` }).waitFor();
  await row.getByRole("cell", { name: "yes", exact: true }).waitFor();
  const customer = client();
  await customer.login(email, PASSWORD);
  assert.equal((await unwrap(customer.api.GET("/api/v1/users/me"))).emailVerified, true);
  assert.deepEqual(problems, []);
  await context.close();
});

test("an admin sees the dashboard as charts of real traffic", async () => {
  const { page, context, problems } = await openPage(browser);
  await login(page);
  for (const title of ["Events over time", "Funnel (sessions)", "Net revenue (USD)", "Top selling products (units)"]) {
    const chart = page.locator("figure.chart").filter({ hasText: title });
    await chart.waitFor();
    assert.ok(await chart.locator("svg rect.bar").count() > 0, `${title} has bars`);
  }
  // The storefront's own events (the shopper test's page views, product views, cart and checkout).
  const events = await page.locator("figure.chart").filter({ hasText: "Events over time" }).locator("svg").getAttribute("aria-label");
  assert.match(events ?? "", /\d/);
  await screenshot(page, "admin-dashboard");
  assert.deepEqual(problems, []);
  await context.close();
});
