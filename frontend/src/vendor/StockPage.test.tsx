import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { createMemoryRouter, Outlet, RouterProvider } from "react-router";
import { StockPage } from "./StockPage";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the stock page of a product that is not there", () => {
  it("says so and offers no stock form, rather than a count for nothing", async () => {
    vi.stubGlobal("fetch", vi.fn(async (input: Request) => new URL(input.url).pathname.startsWith("/api/v1/products/")
      ? new Response(JSON.stringify({ type: "https://agora.dev/problems/not-found", title: "Not found", status: 404,
        detail: "The product was not found." }), { status: 404, headers: { "Content-Type": "application/problem+json" } })
      : Response.json({ items: [], page: 0, size: 100, totalItems: 0, totalPages: 0 })));
    const router = createMemoryRouter([{ path: "/vendor", element: <Outlet context={{ vendorId: "01a24648-d6fe-7221-b86b-0000000000f1" }} />,
      children: [{ path: "stock/:id", element: <StockPage /> }] }],
      { initialEntries: ["/vendor/stock/01a24648-d6fe-7221-b86b-000000000000"] });
    render(<RouterProvider router={router} />);
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Product not found");
    expect(screen.queryByText("Never stocked yet.")).toBeNull();
    expect(screen.queryByRole("button")).toBeNull();
  });
});
