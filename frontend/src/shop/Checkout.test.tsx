import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { SessionProvider } from "../lib/session";
import { addToCart, cartStore, emptyCart } from "../lib/cart";
import { Checkout } from "./Checkout";

const ME = { id: "u1", email: "ada@example.com", name: "Ada Lovelace", roles: ["customer"] };

beforeEach(() => {
  localStorage.setItem("agora.session", JSON.stringify({ accessToken: "a", refreshToken: "r", tokenType: "Bearer", expiresIn: 900 }));
  cartStore.update(() => addToCart(emptyCart, { id: "p1", name: "Lamp", price: { amount: "19.99", currency: "USD" } }, 2));
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  cartStore.reload();
});

function renderCheckout() {
  const router = createMemoryRouter([{ path: "/checkout", element: <Checkout /> }], { initialEntries: ["/checkout"] });
  render(<SessionProvider><RouterProvider router={router} /></SessionProvider>);
}

/** The session's own calls: who I am, and an address book with nothing saved. */
function signedIn(input: Request): Response | undefined {
  const path = new URL(input.url).pathname;
  return path === "/api/v1/users/me" ? Response.json(ME) : path === "/api/v1/users/me/addresses" ? Response.json([]) : undefined;
}

async function fillAndSubmit() {
  await userEvent.type(await screen.findByLabelText("Address"), "12 Elm Street");
  await userEvent.type(screen.getByLabelText("City"), "Springfield");
  await userEvent.type(screen.getByLabelText("Postal code"), "12345");
  await userEvent.click(screen.getByRole("button", { name: "Place order" }));
}

describe("checkout", () => {
  it("retries a submit that got no answer with the same Idempotency-Key, so the order is placed once", async () => {
    const keys: (string | null)[] = [];
    let attempt = 0;
    vi.stubGlobal("fetch", vi.fn(async (input: Request) => {
      const path = new URL(input.url).pathname;
      if (path === "/api/v1/users/me") {
        return Response.json(ME);
      }
      if (path === "/api/v1/users/me/addresses") {
        return Response.json([]);
      }
      if (path === "/api/v1/orders") {
        keys.push(input.headers.get("Idempotency-Key"));
        if (attempt++ === 0) {
          throw new TypeError("network down");
        }
        return Response.json({ id: "o1", reference: "AG-AAAA-BBBB", status: "CONFIRMED", total: { amount: "39.98", currency: "USD" } }, { status: 201 });
      }
      return Response.json({});
    }));
    renderCheckout();
    await fillAndSubmit();
    expect((await screen.findByRole("alert")).textContent).toContain("Agora cannot be reached");
    await userEvent.click(screen.getByRole("button", { name: "Place order" }));
    expect(await screen.findByText(/Your order is CONFIRMED/)).toBeTruthy();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    expect(cartStore.get().lines).toHaveLength(0);
  });

  it("keeps the cart and says why when the card is declined", async () => {
    vi.stubGlobal("fetch", vi.fn(async (input: Request) => signedIn(input) ?? Response.json({ id: "o2", reference: "AG-CCCC-DDDD", status: "PAYMENT_FAILED", statusReason: "Your card was declined.", failureCode: "card_declined" }, { status: 201 })));
    renderCheckout();
    await fillAndSubmit();
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("The payment failed");
    expect(alert.textContent).toContain("Your card was declined.");
    expect(cartStore.get().lines).toHaveLength(1);
  });

  it("shows an insufficient-stock problem and keeps the cart", async () => {
    vi.stubGlobal("fetch", vi.fn(async (input: Request) => signedIn(input) ?? new Response(JSON.stringify({ type: "https://agora.dev/problems/insufficient-stock", title: "Insufficient stock", status: 409,
        detail: "Only 1 of Lamp is available." }), { status: 409, headers: { "Content-Type": "application/problem+json" } })));
    renderCheckout();
    await fillAndSubmit();
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Insufficient stock");
    expect(alert.textContent).toContain("Only 1 of Lamp is available.");
    expect(cartStore.get().lines).toHaveLength(1);
  });

  it("ships to the default saved address by its id, or to a new one written out", async () => {
    const bodies: Record<string, unknown>[] = [];
    vi.stubGlobal("fetch", vi.fn(async (input: Request) => {
      const path = new URL(input.url).pathname;
      if (path === "/api/v1/users/me") {
        return Response.json(ME);
      }
      if (path === "/api/v1/users/me/addresses") {
        return Response.json([
          { id: "a2", label: "Home", name: "Ada Lovelace", line1: "1 Engine Way", city: "London", postalCode: "W1", country: "GB", isDefault: true },
          { id: "a1", label: "Work", name: "Ada Lovelace", line1: "2 Loom Lane", city: "Leeds", postalCode: "LS1", country: "GB", isDefault: false },
        ]);
      }
      bodies.push(await input.json() as Record<string, unknown>);
      return new Response(JSON.stringify({ type: "https://agora.dev/problems/insufficient-stock", title: "Insufficient stock",
        status: 409, detail: "Only 1 of Lamp is available." }), { status: 409, headers: { "Content-Type": "application/problem+json" } });
    }));
    renderCheckout();
    expect(((await screen.findByLabelText(/Home: .*1 Engine Way/)) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByLabelText("City")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Place order" }));
    await screen.findByRole("alert");
    expect(bodies[0]).toMatchObject({ addressId: "a2" });
    expect(bodies[0]).not.toHaveProperty("shippingAddress");

    await userEvent.click(screen.getByLabelText("A new address"));
    await fillAndSubmit();
    await screen.findByRole("alert");
    expect(bodies[1]).not.toHaveProperty("addressId");
    expect(bodies[1]).toMatchObject({ shippingAddress: { line1: "12 Elm Street", city: "Springfield", postalCode: "12345" } });
  });
});
