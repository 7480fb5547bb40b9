// An admin in Chromium: verifies a waiting vendor from the queue, reviews vendors' products (approves
// one, rejects another with a reason its vendor then reads), vouches for a customer's email address,
// sets up a store for a vendor (who stocks it), sends a newsletter (which a customer who turned news
// off gets only in the inbox), and sees the dashboard's charts drawn from the traffic the shopper's
// browser sent.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { unwrap } from "@agora/client";
import { accessibilityViolations, ADMIN, category, client, eventually, launch, openPage, PASSWORD, product, screenshot, unique,
  verifiedCustomer, verifiedVendor, WEB } from "./harness.mjs";
import { messagesTo, unfold } from "./mailbox.mjs";

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

test("an admin approves the most complete product first and rejects another with a reason its vendor reads", async () => {
  const seller = await verifiedVendor(`Review Shop ${unique("r").slice(2, 10)}`);
  const lamps = await category(seller.admin, "E2E Review Lamps");
  const run = unique("p").slice(2, 10);
  const submit = (body) => unwrap(seller.vendor.api.POST("/api/v1/products", { body: {
    price: { amount: "40.00", currency: "USD" }, categoryIds: [lamps.id], status: "active", ...body } }));
  const thin = await submit({ name: `Thin Lamp ${run}`, sku: `REV-${run}-T`, description: "A lamp. More about it soon, with photos." });
  const full = await submit({ name: `Complete Lamp ${run}`, sku: `REV-${run}-C`, description: "A brass desk lamp with a weighted base, a linen shade "
    .repeat(6), images: ["desk-lamp", "floor-lamp", "planter"].map((n) => ({ url: `${WEB}/demo/${n}.svg`, altText: `Lamp, view ${n}` })) });
  assert.equal(thin.moderation, "pending_review");

  const { page, context, problems } = await openPage(browser);
  await login(page);
  await page.getByRole("link", { name: "Product reviews" }).click();
  await page.getByRole("heading", { name: "Product review queue" }).waitFor();
  const fullRow = page.getByRole("row", { name: new RegExp(full.name) });
  const thinRow = page.getByRole("row", { name: new RegExp(thin.name) });
  await fullRow.waitFor();
  await thinRow.waitFor();
  // The more complete product comes first, with its score.
  const names = await page.getByRole("row").allInnerTexts();
  assert.ok(names.findIndex((t) => t.includes(full.name)) < names.findIndex((t) => t.includes(thin.name)), names.join("\n"));
  assert.equal(await fullRow.getByRole("meter").getAttribute("value"), "85");
  assert.deepEqual(await accessibilityViolations(page), [], "review queue accessibility");
  await screenshot(page, "admin-product-reviews");

  await fullRow.getByRole("button", { name: /^Approve/ }).click();
  await page.getByRole("status").filter({ hasText: `${full.name} was approved.` }).waitFor();
  await fullRow.waitFor({ state: "detached" });
  await thinRow.getByRole("button", { name: /^Reject/ }).click();
  await thinRow.getByLabel("Reason the vendor reads").fill("Add a photo and say what it is made of.");
  await thinRow.getByRole("button", { name: /^Reject/ }).click();
  await page.getByRole("status").filter({ hasText: `${thin.name} was rejected.` }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();

  // Shoppers see the approved one only.
  const shopper = await openPage(browser);
  await shopper.page.goto(`/products/${full.id}`);
  await shopper.page.getByRole("heading", { level: 1, name: full.name }).waitFor();
  assert.deepEqual(shopper.problems, []);
  await shopper.context.close();
  const anonymous = await client().api.GET("/api/v1/products/{id}", { params: { path: { id: thin.id } } });
  assert.equal(anonymous.response.status, 404);

  // The vendor reads why, on its products page and by email.
  const vendorPage = await openPage(browser);
  await vendorPage.page.goto("/login?next=/vendor");
  await vendorPage.page.getByLabel("Email").fill(seller.email);
  await vendorPage.page.getByLabel("Password").fill(PASSWORD);
  await vendorPage.page.getByRole("button", { name: "Log in" }).click();
  const rejected = vendorPage.page.getByRole("row", { name: new RegExp(thin.name) });
  await rejected.getByText("Not approved").waitFor();
  await rejected.getByText("Add a photo and say what it is made of.").waitFor();
  await vendorPage.context.close();
  await eventually(async () => {
    const mail = (await messagesTo(seller.email)).map(unfold).join("\n");
    assert.ok(mail.includes(`Subject: Not approved: ${thin.name}`), mail.slice(0, 2000));
    assert.ok(mail.includes("Add a photo and say what it is made of."));
    assert.ok(mail.includes(`Subject: Approved: ${full.name} is in the catalogue`));
  });
});

test("an admin sets up a store for a vendor, who stocks it and sees the total; a store holding stock stays", async () => {
  const seller = await verifiedVendor(`Two Site Shop ${unique("l").slice(2, 10)}`);
  const kitchen = await category(seller.admin, "E2E Kitchen");
  const jug = await product(seller.vendor, { name: `Stoneware Jug ${unique("j").slice(2, 8)}`, price: "18.00", categoryId: kitchen.id, stock: 5 });
  const { page, context, problems } = await openPage(browser);
  await login(page);
  await page.getByRole("link", { name: "Locations" }).click();
  await page.getByLabel("Vendor").selectOption({ label: seller.shop });
  // Its first stock change gave the vendor a main warehouse.
  await page.getByRole("row", { name: /Main warehouse/ }).waitFor();
  await page.getByLabel("Name").fill("Corner Store");
  await page.getByLabel("Kind").selectOption("store");
  await page.getByLabel("Country (ISO code, e.g. DE)").fill("fr");
  await page.getByRole("button", { name: "Add location" }).click();
  await page.getByText("Corner Store was set up.").waitFor();
  const store = page.getByRole("row", { name: /Corner Store/ });
  await store.getByText("FR").waitFor();
  assert.deepEqual(await accessibilityViolations(page), [], "locations page accessibility");

  const shop = await openPage(browser);
  await shop.page.goto("/login?next=/vendor");
  await shop.page.getByLabel("Email").fill(seller.email);
  await shop.page.getByLabel("Password").fill(PASSWORD);
  await shop.page.getByRole("button", { name: "Log in" }).click();
  await shop.page.getByRole("heading", { name: "My products" }).waitFor();
  await shop.page.goto(`/vendor/stock/${jug.id}`);
  await shop.page.getByLabel("Location").selectOption({ label: "Corner Store" });
  await shop.page.getByLabel("Units on hand").fill("3");
  await shop.page.getByRole("button", { name: "Set stock" }).click();
  await shop.page.getByText("Saved.").waitFor();
  await shop.page.getByRole("row", { name: /Corner Store FR 3 0 3/ }).waitFor();
  await shop.page.getByRole("row", { name: /Main warehouse .* 5 0 5/ }).waitFor();
  await shop.page.locator("dd").filter({ hasText: /^8$/ }).first().waitFor();
  assert.deepEqual(shop.problems, []);
  await shop.context.close();

  page.once("dialog", (dialog) => void dialog.accept());
  await store.getByRole("button", { name: /Remove/ }).click();
  await page.getByRole("alert").getByText("The location still holds stock").waitFor();
  await store.waitFor();
  assert.deepEqual(problems, ["console: Failed to load resource: the server responded with a status of 409 (Conflict)"]);
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

test("an admin sends a newsletter: every inbox gets it, email only those who kept news on", async () => {
  const keenEmail = unique("keen");
  const quietEmail = unique("quiet");
  const keen = await verifiedCustomer("Keen Reader", keenEmail);
  const quiet = await verifiedCustomer("Quiet Reader", quietEmail);

  // The quiet reader turns news off in the account page's email settings.
  const reader = await openPage(browser);
  await reader.page.goto("/login?next=/account");
  await reader.page.getByLabel("Email").fill(quietEmail);
  await reader.page.getByLabel("Password").fill(PASSWORD);
  await reader.page.getByRole("button", { name: "Log in" }).click();
  const news = reader.page.getByRole("checkbox", { name: "News and offers from Agora" });
  await news.waitFor();
  assert.equal(await news.isChecked(), true, "news is on until turned off");
  await news.uncheck();
  await reader.page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  assert.deepEqual(reader.problems, []);
  await reader.context.close();

  const subject = `Autumn sale ${unique("n").slice(2, 10)}`;
  const { page, context, problems } = await openPage(browser);
  await login(page);
  await page.getByRole("link", { name: "Newsletters" }).click();
  await page.getByRole("heading", { name: "Newsletters" }).waitFor();
  const form = page.getByRole("form", { name: "New newsletter" });
  await form.getByLabel("Subject").fill(subject);
  await form.getByLabel("Text").fill("Everything in the lamp aisle at half price.\nUntil Sunday.");
  page.once("dialog", (dialog) => void dialog.accept());
  await form.getByRole("button", { name: "Send to everyone" }).click();
  await page.getByRole("status").filter({ hasText: `"${subject}" is on its way.` }).waitFor();
  const row = page.getByRole("row", { name: new RegExp(subject) });
  await row.getByRole("cell", { name: "sent", exact: true }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await accessibilityViolations(page), [], "newsletters accessibility");
  await screenshot(page, "admin-newsletters");
  assert.deepEqual(problems, []);
  await context.close();

  await eventually(async () => {
    const mail = (await messagesTo(keenEmail)).map(unfold).filter((m) => m.includes(subject));
    assert.equal(mail.length, 1, "the keen reader's newsletter email");
    assert.match(mail[0], /Everything in the lamp aisle at half price\./);
  }, 30_000);
  for (const customer of [keen, quiet]) {
    const inbox = await unwrap(customer.api.GET("/api/v1/notifications/me", { params: { query: { size: 100 } } }));
    assert.ok(inbox.items?.some((n) => n.subject === subject), "the newsletter in every inbox");
  }
  // Sent means every email of it is queued, and the keen reader's has arrived: none is coming for the quiet one.
  assert.equal((await messagesTo(quietEmail)).filter((m) => m.includes(subject)).length, 0, "no email to who turned news off");
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
