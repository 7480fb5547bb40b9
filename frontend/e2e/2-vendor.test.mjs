// A vendor in Chromium: imports a CSV and watches the progress bar reach 100 %, with the rows that
// were refused listed; finds it again among past imports; downloads the catalogue as CSV; then creates,
// stocks (with a barcode, checked digit by digit) and archives a product by hand; ships its own part of
// an order shared with another vendor, with a tracking number its customer then sees (and the
// customer downloads the order's receipt, then cancels the other vendor's part, not shipped yet).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { unwrap } from "@agora/client";
import { accessibilityViolations, approved, category, eventually, launch, openPage, PASSWORD, png, product, screenshot, unique,
  verifiedCustomer, verifiedVendor } from "./harness.mjs";

let browser;
let seller;
let slug;
let kitchenId;

before(async () => {
  browser = await launch();
  seller = await verifiedVendor("CSV Crafts");
  const kitchen = await category(seller.admin, "E2E Kitchen");
  slug = kitchen.slug;
  kitchenId = kitchen.id;
});

after(async () => {
  await browser?.close();
});

async function login(page) {
  await page.goto("/login?next=/vendor");
  await page.getByLabel("Email").fill(seller.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "My products" }).waitFor();
}

test("a vendor imports a CSV and watches the progress reach 100 % with the refused rows listed", async () => {
  const { page, context, problems } = await openPage(browser);
  await login(page);
  // SKUs are unique per vendor and run (a v7 id's first digits are its timestamp, shared by neighbours).
  const run = randomUUID().slice(0, 8);
  const rows = ["sku,name,price,currency,categories"];
  for (let i = 1; i <= 300; i++) {
    rows.push(`CSV-${run}-${i},Imported Mug ${i},${(5 + i / 100).toFixed(2)},USD,${slug}`);
  }
  rows.push(`CSV-${run}-bad1,Priceless Mug,free,USD,${slug}`);
  rows.push(`CSV-${run}-bad2,Lost Mug,9.00,USD,no-such-category`);
  const dir = mkdtempSync(join(tmpdir(), "agora-csv-"));
  const file = join(dir, "mugs.csv");
  writeFileSync(file, rows.join("\n") + "\n");

  await page.getByRole("link", { name: "Import CSV" }).click();
  await page.getByLabel("CSV file").setInputFiles(file);
  await page.getByRole("button", { name: "Upload" }).click();
  const bar = page.locator("progress#import-progress");
  await bar.waitFor();
  // Progress is read from the job's counters while it runs; it must end at 100 %.
  const seen = new Set();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    seen.add(Number(await bar.getAttribute("value")));
    if (await page.getByText(/— (completed|failed)/).count()) {
      break;
    }
    await page.waitForTimeout(100);
  }
  assert.equal(Number(await bar.getAttribute("value")), 100);
  await page.getByText("— completed").waitFor();
  await page.getByText("300 imported · 2 failed").waitFor();
  const report = page.getByRole("table", { name: "Rows that were not imported" });
  await report.waitFor();
  assert.match(await report.innerText(), /price/);
  assert.match(await report.innerText(), /categor/i);
  await screenshot(page, "vendor-import");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a vendor finds the import among past imports and downloads the catalogue with formula cells escaped", async () => {
  // A description a spreadsheet would run as a command if the export handed it over raw.
  const sku = `DDE-${randomUUID().slice(0, 8)}`;
  await unwrap(seller.vendor.api.POST("/api/v1/products", { body: { name: "Formula Mug", sku, status: "active",
    price: { amount: "8.00", currency: "USD" }, categoryIds: [kitchenId], description: "=cmd|' /C calc'!A0" } }));
  const { page, context, problems } = await openPage(browser);
  await login(page);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download catalogue (CSV)" }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^agora-products-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await download.path(), "utf8");
  assert.ok(text.startsWith("\uFEFFsku,name,price,currency,categories,description,status,"), text.slice(0, 80));
  const lines = text.trim().split("\r\n");
  // The header, the 300 imported mugs and the formula mug.
  assert.equal(lines.length, 302);
  const row = lines.find((l) => l.startsWith(`${sku},`));
  assert.ok(row?.includes(",'=cmd|' /C calc'!A0,"), row);

  await page.getByRole("link", { name: "Import CSV" }).click();
  const history = page.getByRole("table", { name: "Past imports, newest first" });
  const imported = history.getByRole("row", { name: /mugs\.csv/ });
  await imported.waitFor();
  assert.match(await imported.innerText(), /completed/);
  assert.match(await imported.innerText(), /300 of 302/);
  await imported.getByRole("button", { name: /Details/ }).click();
  await page.getByRole("heading", { name: "mugs.csv" }).waitFor();
  await page.getByRole("table", { name: "Rows that were not imported" }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, "vendor-import-history");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a vendor turns low-stock digests off and the choice stays", async () => {
  const { page, context, problems } = await openPage(browser);
  await login(page);
  await page.goto("/account");
  // Opened directly, the page still shows the account's name once the session has loaded.
  await page.waitForFunction(() => document.querySelector("form[aria-label=Profile] input")?.value === "E2E Vendor");
  const lowStock = page.getByRole("checkbox", { name: /^Low-stock digests/ });
  const orders = page.getByRole("checkbox", { name: /Orders, payments and your account/ });
  await lowStock.waitFor();
  assert.equal(await lowStock.isChecked(), true);
  // Transactional mail is shown, ticked and not a choice.
  assert.equal(await orders.isChecked(), true);
  assert.equal(await orders.isDisabled(), true);
  await lowStock.uncheck();
  await page.getByRole("status").getByText("Saved.").waitFor();
  await page.reload();
  await page.getByRole("checkbox", { name: /^Low-stock digests/ }).waitFor();
  assert.equal(await page.getByRole("checkbox", { name: /^Low-stock digests/ }).isChecked(), false);
  const stored = await unwrap(seller.vendor.api.GET("/api/v1/notifications/preferences"));
  assert.equal(stored.topics?.find((t) => t.topic === "low_stock")?.email, false);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, "account-email-settings");
  assert.deepEqual(problems, []);
  await context.close();
});

/** A GTIN-13 of random digits with its GS1 check digit, and the same number with the last digit wrong. */
function gtin13() {
  const body = Array.from({ length: 12 }, () => Math.floor(Math.random() * 10));
  const sum = body.reduceRight((s, d, i) => s + d * ((body.length - 1 - i) % 2 === 0 ? 3 : 1), 0);
  const check = (10 - (sum % 10)) % 10;
  return { valid: body.join("") + check, wrong: body.join("") + ((check + 1) % 10), check };
}

test("a vendor creates a product with a barcode, sets its stock and archives it", async () => {
  // The vendor's browser asks for Hindi: its own forms and lists must still show the catalogue's names.
  const { page, context, problems } = await openPage(browser, undefined, { locale: "hi-IN" });
  await login(page);
  await page.getByRole("link", { name: "New product" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Hand-thrown Bowl");
  const sku = `BOWL-${randomUUID().slice(0, 8)}`;
  await page.getByLabel("SKU").fill(sku);
  const barcode = gtin13();
  await page.getByLabel("Barcode (GTIN, optional)").fill(barcode.wrong);
  await page.getByLabel("Regional names").fill("hi-IN = हस्तनिर्मित कटोरा");
  await page.getByLabel("Price", { exact: true }).fill("32.00");
  await page.getByLabel("Category").selectOption({ label: "E2E Kitchen" });
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("alert").getByText(`has a wrong check digit (the last digit should be ${barcode.check})`).waitFor();
  await page.getByLabel("Barcode (GTIN, optional)").fill(barcode.valid);
  await page.getByRole("button", { name: "Save" }).click();
  const row = page.getByRole("row", { name: /Hand-thrown Bowl/ });
  await row.waitFor();
  // A vendor's new product waits for an admin's review.
  await row.getByText("Waiting for review").waitFor();
  await row.getByRole("link", { name: "Stock" }).click();
  await page.getByLabel("Units on hand").fill("12");
  await page.getByRole("button", { name: "Set stock" }).click();
  await page.getByText("Saved.").waitFor();
  await page.locator("dd").filter({ hasText: "12" }).first().waitFor();
  // A scanner's lookup finds it by the barcode, in its GTIN-14 spelling too.
  const found = await unwrap(seller.vendor.api.GET("/api/v1/products/barcode/{gtin}", { params: { path: { gtin: `0${barcode.valid}` } } }));
  assert.equal(found.sku, sku);
  assert.equal(found.barcode, barcode.valid);
  await approved(found.id);
  // A shopper whose browser asks for Hindi sees the Hindi name, marked as Hindi.
  const hindi = await openPage(browser, undefined, { locale: "hi-IN" });
  await hindi.page.goto(`/products/${found.id}`);
  const heading = hindi.page.getByRole("heading", { level: 1 });
  await heading.getByText("हस्तनिर्मित कटोरा").waitFor();
  assert.equal(await heading.getAttribute("lang"), "hi-IN");
  assert.deepEqual(hindi.problems, []);
  await hindi.context.close();
  // The edit form edits the catalogue's own name, not the one the browser's language would get.
  await page.goto(`/vendor/products/${found.id}`);
  await page.getByRole("heading", { name: "Edit Hand-thrown Bowl" }).waitFor();
  await page.getByRole("link", { name: "My products" }).click();
  await page.getByRole("row", { name: /Hand-thrown Bowl/ }).getByRole("button", { name: /Archive/ }).click();
  await page.getByRole("row", { name: /Hand-thrown Bowl/ }).waitFor({ state: "detached" });
  await screenshot(page, "vendor-products");
  // Chromium logs the one refusal the test provoked (the wrong check digit); nothing else went wrong.
  assert.deepEqual(problems, ["console: Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
  await context.close();
});

test("a vendor sells a product in two sizes and stocks each size", async () => {
  const { page, context, problems } = await openPage(browser);
  await login(page);
  await page.getByRole("link", { name: "New product" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Linen Apron");
  const sku = `APRON-${randomUUID().slice(0, 8)}`;
  await page.getByLabel("SKU", { exact: true }).fill(sku);
  await page.getByLabel("Price", { exact: true }).fill("30.00");
  await page.getByLabel("Category").selectOption({ label: "E2E Kitchen" });
  for (const [i, size, price] of [[1, "S", "28.00"], [2, "L", "31.00"]]) {
    await page.getByRole("button", { name: "Add a variant" }).click();
    const row = page.getByRole("group", { name: `Variant ${i}` });
    await row.getByLabel("Options").fill(`size=${size}`);
    await row.getByLabel("SKU").fill(`${sku}-${size}`);
    await row.getByLabel("Price").fill(price);
  }
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.getByRole("button", { name: "Save" }).click();
  const row = page.getByRole("row", { name: /Linen Apron/ });
  await row.waitFor();
  await row.getByRole("link", { name: "Stock" }).click();
  await page.getByRole("heading", { name: "Stock of Linen Apron (S)" }).waitFor();
  await page.getByLabel("Units on hand").fill("4");
  await page.getByRole("button", { name: "Set stock" }).click();
  await page.getByText("Saved.").waitFor();
  await page.getByLabel("Variant").selectOption({ label: `L · ${sku}-L` });
  await page.getByRole("heading", { name: "Stock of Linen Apron (L)" }).waitFor();
  await page.getByText("Never stocked yet.").waitFor();
  await page.getByLabel("Units on hand").fill("9");
  await page.getByRole("button", { name: "Set stock" }).click();
  await page.getByText("Saved.").waitFor();

  const saved = await unwrap(seller.vendor.api.GET("/api/v1/products/sku/{sku}", { params: { path: { sku } } }));
  assert.equal(saved.price.amount, "28.00", "the product shows its lowest price");
  assert.deepEqual(saved.variants.map((v) => [v.label, v.price.amount]), [["S", "28.00"], ["L", "31.00"]]);
  const levels = await Promise.all(saved.variants.map((v) =>
    unwrap(seller.vendor.api.GET("/api/v1/inventory/{productId}", { params: { path: { productId: v.id } } }))));
  assert.deepEqual(levels.map((l) => l.onHand), [4, 9]);
  // Swapping the sizes' SKUs keeps each variant (its id and so its stock).
  await page.goto(`/vendor/products/${saved.id}`);
  await page.getByRole("group", { name: "Variant 1" }).getByLabel("SKU").fill(`${sku}-L`);
  await page.getByRole("group", { name: "Variant 2" }).getByLabel("SKU").fill(`${sku}-S`);
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("heading", { name: "My products" }).waitFor();
  const swapped = await unwrap(seller.vendor.api.GET("/api/v1/products/{id}", { params: { path: { id: saved.id } } }));
  assert.deepEqual(swapped.variants.map((v) => [v.id, v.sku]), [[saved.variants[0].id, `${sku}-L`], [saved.variants[1].id, `${sku}-S`]]);
  await screenshot(page, "vendor-variants");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a vendor uploads photos, captions and reorders them, and shoppers see the renditions", async () => {
  const kitchen = await category(seller.admin, "E2E Kitchen");
  const jug = await product(seller.vendor, { name: "Stoneware Jug", price: "27.00", categoryId: kitchen.id });
  const dir = mkdtempSync(join(tmpdir(), "agora-images-"));
  const blue = join(dir, "blue-jug.png");
  const red = join(dir, "red-jug.png");
  const green = join(dir, "green-jug.png");
  writeFileSync(blue, png(640, 480, [40, 80, 200]));
  writeFileSync(red, png(300, 300, [200, 40, 40]));
  writeFileSync(green, png(200, 150, [40, 160, 60]));
  const notAnImage = join(dir, "notes.jpg");
  writeFileSync(notAnImage, "these are notes, not a photo");

  const { page, context, problems } = await openPage(browser);
  await login(page);
  await page.goto(`/vendor/products/${jug.id}`);
  const images = page.getByRole("region", { name: "Images" });
  await images.getByLabel("Image file (JPEG, PNG or WebP, up to 5 MB)").setInputFiles(notAnImage);
  await images.getByRole("button", { name: "Upload" }).click();
  await images.getByRole("alert").filter({ hasText: "not a JPEG, PNG or WebP image" }).waitFor();
  const captions = () => images.getByRole("listitem").getByLabel("Alt text").evaluateAll((inputs) => inputs.map((i) => i.value));
  const uploaded = [];
  for (const [file, caption] of [[blue, "A blue stoneware jug"], [red, "The jug in red"], [green, "A green one"]]) {
    await images.getByLabel("Image file (JPEG, PNG or WebP, up to 5 MB)").setInputFiles(file);
    await images.getByLabel("Alt text for it").fill(caption);
    await images.getByRole("button", { name: "Upload" }).click();
    uploaded.push(caption);
    await eventually(async () => assert.deepEqual(await captions(), uploaded));
  }
  // The red one first; the green one goes.
  await images.getByRole("button", { name: "Move image 2 up" }).click();
  await eventually(async () => assert.deepEqual(await captions(), ["The jug in red", "A blue stoneware jug", "A green one"]));
  await images.getByRole("button", { name: "Remove image 3" }).click();
  await eventually(async () => assert.deepEqual(await captions(), ["The jug in red", "A blue stoneware jug"]));
  assert.deepEqual(await accessibilityViolations(page), [], "images editor accessibility");
  await screenshot(page, "vendor-images");
  await context.close();

  const saved = await unwrap(seller.vendor.api.GET("/api/v1/products/{id}", { params: { path: { id: jug.id } } }));
  assert.deepEqual(saved.images?.map((i) => i.altText), ["The jug in red", "A blue stoneware jug"]);
  assert.equal(saved.images?.[1]?.width, 640);
  // New images send an approved product back to review; shoppers see them once an admin approves.
  assert.equal(saved.moderation, "pending_review");
  await approved(jug.id);
  const shopper = await openPage(browser);
  await shopper.page.goto(`/products/${jug.id}`);
  const main = shopper.page.getByRole("img", { name: "The jug in red" });
  await main.waitFor();
  assert.match(await main.getAttribute("src"), /\/api\/v1\/media\/[0-9a-f]{64}\/medium$/);
  // The browser really got the picture: decoded, at the medium size (a 300 px upload stays 300 px).
  await shopper.page.waitForFunction((alt) => {
    const img = document.querySelector(`img[alt="${alt}"]`);
    return img instanceof HTMLImageElement && img.complete && img.naturalWidth === 300;
  }, "The jug in red");
  await screenshot(shopper.page, "product-images");
  assert.deepEqual(shopper.problems, []);
  await shopper.context.close();
  // The one refusal the test provoked (the text file) is the only thing that went wrong.
  assert.deepEqual(problems, ["console: Failed to load resource: the server responded with a status of 415 (Unsupported Media Type)"]);
});

test("a vendor ships only its own part of a two-vendor order, with tracking the customer then sees", async () => {
  const kitchen = await category(seller.admin, "E2E Kitchen");
  const ours = await product(seller.vendor, { name: "Enamel Colander", price: "18.00", categoryId: kitchen.id });
  const other = await verifiedVendor("Other Goods");
  const theirs = await product(other.vendor, { name: "Brass Trivet", price: "31.00", categoryId: kitchen.id });
  const email = unique("two-vendors");
  const customer = await verifiedCustomer("Parcel Tester", email);
  const order = await unwrap(customer.api.POST("/api/v1/orders", { params: { header: { "Idempotency-Key": randomUUID() } }, body: {
    items: [{ productId: ours.id, quantity: 2 }, { productId: theirs.id, quantity: 1 }], paymentMethod: "pm_card_visa",
    shippingAddress: { name: "Parcel Tester", line1: "3 Depot Lane", city: "Springfield", postalCode: "12345", country: "US" } } }));
  assert.equal(order.status, "CONFIRMED");

  const { page, context, problems } = await openPage(browser);
  await login(page);
  await page.getByRole("link", { name: "Orders to ship" }).click();
  const form = page.getByRole("form", { name: `Ship ${order.reference}` });
  await form.waitFor();
  // The vendor sees its own line and where to send it, never the other vendor's item.
  assert.match(await form.innerText(), /2 × Enamel Colander/);
  assert.match(await form.innerText(), /3 Depot Lane/);
  assert.equal(await page.getByText("Brass Trivet").count(), 0, "another vendor's item is not shown");
  assert.deepEqual(await accessibilityViolations(page), [], "orders to ship accessibility");
  await screenshot(page, "vendor-orders-to-ship");
  await form.getByLabel("Carrier").fill("DHL Express");
  await form.getByLabel("Tracking number").fill("JD0146000012345");
  await form.getByRole("button", { name: `Mark ${order.reference} as shipped` }).click();
  await page.getByRole("status").filter({ hasText: `${order.reference} marked as shipped.` }).waitFor();
  await form.waitFor({ state: "detached" });
  assert.deepEqual(problems, []);
  await context.close();

  const after = await unwrap(customer.api.GET("/api/v1/orders/{id}", { params: { path: { id: order.id } } }));
  assert.equal(after.status, "PARTIALLY_SHIPPED");
  const shopper = await openPage(browser);
  await shopper.page.goto("/login");
  await shopper.page.getByLabel("Email").fill(email);
  await shopper.page.getByLabel("Password").fill(PASSWORD);
  await shopper.page.getByRole("button", { name: "Log in" }).click();
  await shopper.page.getByRole("button", { name: "Log out" }).waitFor();
  await shopper.page.goto(`/orders/${order.id}`);
  const parcels = shopper.page.locator("ul.parcels");
  await parcels.waitFor();
  assert.match(await parcels.innerText(), /On its way: 2 × Enamel Colander · DHL Express · tracking number JD0146000012345/);
  assert.match(await parcels.innerText(), /Not shipped yet: 1 × Brass Trivet/);
  // The receipt of what was paid, as a PDF named after the order.
  const [receipt] = await Promise.all([
    shopper.page.waitForEvent("download"),
    shopper.page.getByRole("button", { name: "Download receipt (PDF)" }).click(),
  ]);
  assert.equal(receipt.suggestedFilename(), `agora-receipt-${order.reference}.pdf`);
  assert.equal(readFileSync(await receipt.path()).subarray(0, 5).toString("latin1"), "%PDF-");
  assert.deepEqual(await accessibilityViolations(shopper.page), [], "order page accessibility");

  // The customer cancels the part that has not shipped: refunded exactly its line, its stock back on the shelf.
  shopper.page.once("dialog", (dialog) => void dialog.accept());
  await shopper.page.getByRole("button", { name: "Cancel 1 × Brass Trivet" }).click();
  await parcels.getByText("Cancelled: 1 × Brass Trivet · $31.00 refunded").waitFor();
  assert.equal(await shopper.page.getByRole("button", { name: /^Cancel 2 × Enamel Colander/ }).count(), 0, "a shipped part stays");
  const settled = await eventually(async () => {
    const now = await unwrap(customer.api.GET("/api/v1/orders/{id}", { params: { path: { id: order.id } } }));
    assert.equal(now.refunded?.amount, "31.00");
    return now;
  });
  // The other part had shipped: with nothing left to come, the order has shipped.
  assert.equal(settled.status, "SHIPPED");
  assert.equal(settled.total?.amount, "67.00");
  await eventually(async () => {
    const stock = await unwrap(other.vendor.api.GET("/api/v1/inventory/{productId}", { params: { path: { productId: theirs.id } } }));
    assert.equal(stock.onHand, 50);
  });
  const ourStock = await unwrap(seller.vendor.api.GET("/api/v1/inventory/{productId}", { params: { path: { productId: ours.id } } }));
  assert.equal(ourStock.onHand, 48, "the shipped part's stock stays sold");
  assert.deepEqual(shopper.problems, []);
  await shopper.context.close();
});
