// Account lifecycle in Chromium. A customer who forgot the password asks for a link, reads it from the
// mailbox (GreenMail over IMAP), sets a new password, and every other session of the account ends.
// A customer keeps an address book and checks out to its default address.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { accessibilityViolations, category, client, eventually, GATEWAY, launch, openPage, PASSWORD, product, screenshot, unique,
  verifiedCustomer, verifiedVendor } from "./harness.mjs";
import { messagesTo, unfold } from "./mailbox.mjs";
import { unwrap } from "@agora/client";

const NEW_PASSWORD = "copper finch reads 7 maps";
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function resetToken(email) {
  return eventually(async () => {
    const links = (await messagesTo(email)).map(unfold)
      .map((m) => /\/reset-password#token=([A-Za-z0-9_-]+)/.exec(m)?.[1]).filter(Boolean);
    assert.equal(links.length, 1, `one reset email to ${email}`);
    return links[0];
  }, 30_000);
}

test("a customer resets a forgotten password from the emailed link and other sessions end", async () => {
  const email = unique("forgetful");
  const elsewhere = client();
  await unwrap(elsewhere.api.POST("/api/v1/auth/signup", { body: { name: "Forgetful Fern", email, password: PASSWORD } }));
  await elsewhere.login(email, PASSWORD);
  await unwrap(elsewhere.api.GET("/api/v1/users/me"));

  const { page, problems } = await openPage(browser);
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.getByLabel("Email").fill(email);
  assert.deepEqual(await accessibilityViolations(page), [], "forgot-password page accessibility");
  await page.getByRole("button", { name: "Send the link" }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();

  const token = await resetToken(email);
  await page.goto(`/reset-password#token=${token}`);
  await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
  assert.ok(!page.url().includes(token), "the token leaves the address bar");
  assert.deepEqual(await accessibilityViolations(page), [], "reset page accessibility");

  // The password policy speaks through the page, and the link keeps working after a refusal.
  await page.getByLabel("New password", { exact: true }).fill("password1234");
  await page.getByLabel("Repeat it").fill("password1234");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await page.getByRole("alert").filter({ hasText: "password" }).waitFor();
  await screenshot(page, "reset-refused");

  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Repeat it").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set the new password" }).click();
  await page.getByRole("heading", { name: "Your password is changed" }).waitFor();

  // The session started elsewhere before the reset ends within a second.
  const ended = Date.now();
  await eventually(async () => {
    const { response } = await elsewhere.api.GET("/api/v1/users/me");
    assert.equal(response.status, 401);
  }, 5_000);
  assert.ok(Date.now() - ended < 1_500, `the other session ended ${Date.now() - ended} ms after the reset`);

  await page.getByRole("link", { name: "Log in" }).last().click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("link", { name: "Forgetful Fern" }).waitFor();

  // A used link says so and offers a new one.
  await page.goto(`/reset-password#token=${token}`);
  await page.getByLabel("New password", { exact: true }).fill("another long passphrase 5");
  await page.getByLabel("Repeat it").fill("another long passphrase 5");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await page.getByRole("alert").filter({ hasText: "Invalid or expired reset link" }).waitFor();
  await page.getByRole("link", { name: "Send me a new link" }).waitFor();

  // Chromium logs each refused request; the two refusals above are the only ones.
  const refused = "console: Failed to load resource: the server responded with a status of 400 (Bad Request)";
  assert.deepEqual(problems, [refused, refused]);
});

test("a stale token left in the browser does not stand in the way of a reset", async () => {
  for (const path of ["/api/v1/auth/password/forgot", "/api/v1/auth/password/reset"]) {
    const body = path.endsWith("forgot") ? { email: unique("nobody") } : { token: "pr_unknown", password: NEW_PASSWORD };
    const response = await fetch(`${GATEWAY}${path}`, { method: "POST", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", Authorization: "Bearer expired.or.revoked" } });
    // The gateway drops credentials on these routes: the answer is the endpoint's own, not 401.
    assert.equal(response.status, path.endsWith("forgot") ? 202 : 400, path);
  }
});

async function addAddress(page, { label, line1, city, postalCode, makeDefault = false }) {
  await page.getByRole("button", { name: "Add an address" }).click();
  const form = page.getByRole("form", { name: "New address" });
  await form.getByLabel("Label (optional, such as Home)").fill(label);
  await form.getByLabel("Full name").fill("Address Tester");
  await form.getByLabel("Address", { exact: true }).fill(line1);
  await form.getByLabel("City").fill(city);
  await form.getByLabel("Postal code").fill(postalCode);
  await form.getByLabel("Country code").fill("GB");
  if (makeDefault) {
    await form.getByLabel("Use as my default address").check();
  }
  await form.getByRole("button", { name: "Save address" }).click();
  await page.getByRole("listitem", { name: label }).waitFor();
}

test("a customer keeps an address book and checks out to the default address", async () => {
  const { vendor, admin } = await verifiedVendor("Kettle Works");
  const kitchen = await category(admin, "E2E Kitchen");
  const kettle = await product(vendor, { name: "Copper Kettle", price: "45.00", categoryId: kitchen.id });
  const email = unique("addresses");
  await verifiedCustomer("Address Tester", email);

  const { page, context, problems } = await openPage(browser);
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("button", { name: "Log out" }).waitFor();

  await page.goto("/account");
  await addAddress(page, { label: "Home", line1: "1 Kettle Row", city: "Bristol", postalCode: "BS1 4DJ" });
  await page.getByRole("listitem", { name: "Home" }).getByText("Default", { exact: true }).waitFor();
  await addAddress(page, { label: "Work", line1: "2 Spout Street", city: "Bath", postalCode: "BA1 1AA", makeDefault: true });
  await page.getByRole("listitem", { name: "Work" }).getByText("Default", { exact: true }).waitFor();
  assert.equal(await page.getByRole("listitem", { name: "Home" }).getByText("Default", { exact: true }).count(), 0, "one default");
  assert.deepEqual(await accessibilityViolations(page), [], "address book accessibility");
  await screenshot(page, "address-book");

  await page.goto(`/products/${kettle.id}`);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.goto("/checkout");
  const work = page.getByLabel(/Work: .*2 Spout Street/);
  await work.waitFor();
  assert.ok(await work.isChecked(), "the default address is chosen");
  assert.equal(await page.getByLabel("City").count(), 0, "no address form while a saved one is chosen");
  await page.getByRole("button", { name: "Place order" }).click();
  await page.getByRole("heading", { name: /Your order is CONFIRMED/ }).waitFor({ timeout: 30_000 });
  await page.getByRole("link", { name: "See the order" }).click();
  await page.locator("address").filter({ hasText: "2 Spout Street" }).waitFor();

  // Deleting the default hands it to the address left; the order keeps its copy.
  await page.goto("/account");
  await page.getByRole("listitem", { name: "Work" }).getByRole("button", { name: "Delete" }).click();
  await page.getByRole("listitem", { name: "Home" }).getByText("Default", { exact: true }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
