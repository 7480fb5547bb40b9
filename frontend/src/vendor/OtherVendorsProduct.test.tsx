import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { createMemoryRouter, Outlet, RouterProvider } from "react-router";
import { ProductForm } from "./ProductForm";
import { StockPage } from "./StockPage";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const MINE = "01a24648-d6fe-7221-b86b-0000000000f1";
// Public, since it is approved: any vendor can read it, and the API refuses every change to it as not found.
const THEIRS = { id: "01a24648-d6fe-7221-b86b-0000000000b2", vendorId: "01a24648-d6fe-7221-b86b-0000000000f2", name: "Oak Planter",
  sku: "DEMO-6-1", price: { amount: "19.00", currency: "USD" }, categoryIds: [], status: "active", version: 0, variants: [],
  images: [], names: {}, tags: [] };

function openAsVendor(path: string, page: ReactElement) {
  vi.stubGlobal("fetch", vi.fn(async (input: Request) => {
    const url = new URL(input.url);
    if (url.pathname === `/api/v1/products/${THEIRS.id}`) {
      return Response.json(THEIRS);
    }
    if (url.pathname === "/api/v1/inventory/check") {
      return Response.json({ items: [{ productId: THEIRS.id, quantity: 1, available: 3, sufficient: true, tracked: true }], allAvailable: true });
    }
    if (url.pathname === `/api/v1/inventory/${THEIRS.id}`) {
      return Response.json({ productId: THEIRS.id, available: 3, inStock: true });
    }
    return Response.json({ items: [], page: 0, size: 100, totalItems: 0, totalPages: 0 });
  }));
  const router = createMemoryRouter([{ path: "/vendor", element: <Outlet context={{ vendorId: MINE }} />,
    children: [{ path, element: page }] }], { initialEntries: [`/vendor/${path.replace(":id", THEIRS.id)}`] });
  render(<RouterProvider router={router} />);
}

describe("a vendor's pages for another vendor's product", () => {
  it("edit: not found, with no form the API would refuse", async () => {
    openAsVendor("products/:id", <ProductForm />);
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Product not found");
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("stock: not found, rather than its public count and a form the API would refuse", async () => {
    openAsVendor("stock/:id", <StockPage />);
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Product not found");
    expect(screen.queryByText("3")).toBeNull();
    expect(screen.queryByRole("button")).toBeNull();
  });
});
