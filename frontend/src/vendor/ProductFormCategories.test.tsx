import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { createMemoryRouter, Outlet, RouterProvider } from "react-router";
import { ProductForm } from "./ProductForm";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const VENDOR = "01a24648-d6fe-7221-b86b-0000000000f1";
const PRODUCT = { id: "01a24648-d6fe-7221-b86b-0000000000a1", vendorId: VENDOR, name: "Linen Apron", sku: "APRON-1", price: { amount: "30.00", currency: "USD" },
  categoryIds: ["c-150"], status: "active", version: 3, variants: [], images: [], names: {}, tags: [] };

function categoryPage(page: number) {
  const from = page * 100;
  const items = Array.from({ length: page === 0 ? 100 : 60 }, (_, i) => ({ id: `c-${from + i}`, name: `Category ${from + i}` }));
  return Response.json({ items, page, size: 100, totalItems: 160, totalPages: 2 });
}

describe("the product form's categories", () => {
  it("offers the product's category past the first hundred, and saves only once the list is in", async () => {
    let releaseSecondPage: () => void = () => undefined;
    const secondPage = new Promise<void>((resolve) => { releaseSecondPage = resolve; });
    vi.stubGlobal("fetch", vi.fn(async (input: Request) => {
      const url = new URL(input.url);
      if (url.pathname === "/api/v1/categories") {
        const page = Number(url.searchParams.get("page") ?? "0");
        if (page === 1) {
          await secondPage;
        }
        return categoryPage(page);
      }
      return Response.json(PRODUCT);
    }));
    const router = createMemoryRouter([{ path: "/vendor", element: <Outlet context={{ vendorId: VENDOR }} />,
      children: [{ path: "products/:id", element: <ProductForm /> }] }],
      { initialEntries: [`/vendor/products/${PRODUCT.id}`] });
    render(<RouterProvider router={router} />);

    const save = await screen.findByRole("button", { name: "Save" });
    expect((save as HTMLButtonElement).disabled).toBe(true);
    releaseSecondPage();
    await waitFor(() => expect((save as HTMLButtonElement).disabled).toBe(false));
    const category = screen.getByLabelText("Category") as HTMLSelectElement;
    expect(category.value).toBe("c-150");
    expect(category.options).toHaveLength(161);
  });
});
