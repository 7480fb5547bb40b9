import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { Search } from "./Search";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function categoryPage(page: number) {
  const from = page * 100;
  const items = Array.from({ length: page === 0 ? 100 : 60 }, (_, i) => ({ id: `c-${from + i}`, slug: `c-${from + i}`,
    name: `Category ${from + i}` }));
  return Response.json({ items, page, size: 100, totalItems: 160, totalPages: 2 });
}

describe("the search page's category filter", () => {
  it("offers every category, past the first hundred", async () => {
    vi.stubGlobal("fetch", vi.fn(async (input: Request) => {
      const url = new URL(input.url);
      if (url.pathname === "/api/v1/categories") {
        return categoryPage(Number(url.searchParams.get("page") ?? "0"));
      }
      return Response.json({ items: [], page: 0, size: 20, totalItems: 0, totalPages: 0 });
    }));
    const router = createMemoryRouter([{ path: "/search", element: <Search /> }], { initialEntries: ["/search"] });
    render(<RouterProvider router={router} />);

    const category = await screen.findByLabelText("Category") as HTMLSelectElement;
    await waitFor(() => expect(category.options).toHaveLength(161));
    expect(Array.from(category.options).map((o) => o.value)).toContain("c-150");
  });
});
