import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { ProductPage } from "./ProductPage";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderProduct(id: string) {
  const router = createMemoryRouter([{ path: "/products/:id", element: <ProductPage /> }, { path: "/", element: <p>shop</p> }],
    { initialEntries: [`/products/${id}`] });
  render(<RouterProvider router={router} />);
}

describe("the product page of a link that leads nowhere", () => {
  it("says the product was not found when the link's id cannot name one, without asking the API", async () => {
    const fetch = vi.fn(async () => Response.json({}));
    vi.stubGlobal("fetch", fetch);
    renderProduct("not-a-product");
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Product not found");
    expect(screen.getByRole("link", { name: "Back to the shop" }).getAttribute("href")).toBe("/");
    expect(fetch).not.toHaveBeenCalled();
  });

  it("says the product was not found when the API does not know it", async () => {
    vi.stubGlobal("fetch", vi.fn(async (input: Request) => new URL(input.url).pathname.startsWith("/api/v1/products/")
      ? new Response(JSON.stringify({ type: "https://agora.dev/problems/not-found", title: "Not found", status: 404,
        detail: "The product was not found." }), { status: 404, headers: { "Content-Type": "application/problem+json" } })
      : Response.json({ items: [] })));
    renderProduct("01a24648-d6fe-7221-b86b-000000000000");
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Product not found");
    expect(screen.getByText(/removed, or the link is mistyped/)).toBeTruthy();
  });
});
