import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider, useLocation, useParams } from "react-router";
import { SearchBox } from "./SearchBox";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const MUG = { id: "p-mug", name: "Quokkaware Mug", slug: "quokkaware-mug", price: { amount: "12.00", currency: "USD" } };
const PLATE = { id: "p-plate", name: "Blue Quokkaware Plate", slug: "blue-quokkaware-plate", price: { amount: "18.00", currency: "USD" } };

function ProductShown() {
  return <p>product {useParams().id}</p>;
}

function SearchShown() {
  return <p>search {new URLSearchParams(useLocation().search).get("q")}</p>;
}

function renderBox(answer: (q: string) => Promise<Response>) {
  const fetch = vi.fn(async (input: Request) => answer(new URL(input.url).searchParams.get("q") ?? ""));
  vi.stubGlobal("fetch", fetch);
  const router = createMemoryRouter([
    { path: "/", element: <SearchBox /> },
    { path: "/products/:id", element: <ProductShown /> },
    { path: "/search", element: <SearchShown /> },
  ]);
  render(<RouterProvider router={router} />);
  return fetch;
}

describe("the search box", () => {
  it("offers products as the shopper types and opens the one chosen with the keyboard", async () => {
    const fetch = renderBox(async (q) => Response.json({ query: q, suggestions: [MUG, PLATE] }));
    const box = screen.getByRole("combobox", { name: "Search products" });
    await userEvent.type(box, "quokk");
    const options = await screen.findAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual(["Quokkaware Mug $12.00", "Blue Quokkaware Plate $18.00"]);
    expect(box.getAttribute("aria-expanded")).toBe("true");
    // One request for the whole word, not one per letter.
    expect(fetch).toHaveBeenCalledTimes(1);

    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    expect(box.getAttribute("aria-activedescendant")).toBe(options[1]?.id);
    expect(options[1]?.getAttribute("aria-selected")).toBe("true");
    await userEvent.keyboard("{Enter}");
    await screen.findByText("product p-plate");
  });

  it("searches for what was typed when no suggestion is chosen, and Escape closes the list", async () => {
    renderBox(async (q) => Response.json({ query: q, suggestions: [MUG] }));
    const box = screen.getByRole("combobox", { name: "Search products" });
    await userEvent.type(box, "quokka mug");
    await screen.findByRole("option");
    await userEvent.keyboard("{Escape}");
    expect(box.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByRole("option")).toBeNull();
    await userEvent.keyboard("{Enter}");
    await screen.findByText("search quokka mug");
  });

  it("asks nothing for a single letter and shows nothing when suggestions fail", async () => {
    const fetch = renderBox(async () => new Response(JSON.stringify({ type: "about:blank", title: "Unavailable", status: 503 }),
      { status: 503, headers: { "Content-Type": "application/problem+json" } }));
    const box = screen.getByRole("combobox", { name: "Search products" });
    await userEvent.type(box, "q");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fetch).not.toHaveBeenCalled();
    await userEvent.type(box, "u");
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole("option")).toBeNull();
    expect(box.getAttribute("aria-expanded")).toBe("false");
  });

  it("never lets a slow answer for an older input replace the newer one", async () => {
    renderBox(async (q) => {
      if (q === "qu") {
        await new Promise((resolve) => setTimeout(resolve, 400));
        return Response.json({ query: q, suggestions: [PLATE] });
      }
      return Response.json({ query: q, suggestions: [MUG] });
    });
    const box = screen.getByRole("combobox", { name: "Search products" });
    await userEvent.type(box, "qu");
    await new Promise((resolve) => setTimeout(resolve, 200));
    await userEvent.type(box, "okka");
    await screen.findByText("Quokkaware Mug");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["Quokkaware Mug $12.00"]);
  });
});
