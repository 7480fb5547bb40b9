import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Facets, priceLabel } from "./Facets";

afterEach(cleanup);

const FACETS = {
  categories: [{ value: "stools", label: "Stools", count: 2 }],
  vendors: [{ value: "v-1", label: "Facet A", count: 2 }, { value: "v-2", label: "Facet B", count: 1 }],
  tags: [{ value: "oak", label: "oak", count: 2 }, { value: "pine", label: "pine", count: 1 }],
  prices: [{ minPrice: "0", maxPrice: "24.9999", count: 1 }, { minPrice: "500", count: 1 }],
  stock: { inStock: 1, outOfStock: 2 },
};
const NOTHING = { category: "", vendor: "", tags: [] as string[], minPrice: "", inStock: false };

describe("the facets", () => {
  it("show each value with its count and narrow the search by it", async () => {
    const onPick = vi.fn();
    render(<Facets facets={FACETS} selected={{ ...NOTHING, tags: ["oak"] }} onPick={onPick} />);
    expect(screen.getByRole("button", { name: "Facet B" }).parentElement?.textContent).toBe("Facet B (1)");
    await userEvent.click(screen.getByRole("button", { name: "Facet B" }));
    expect(onPick).toHaveBeenLastCalledWith({ vendor: "v-2" });
    // Tags add up; the chosen one is pressed and choosing it again removes it.
    expect(screen.getByRole("button", { name: "oak" }).getAttribute("aria-pressed")).toBe("true");
    await userEvent.click(screen.getByRole("button", { name: "pine" }));
    expect(onPick).toHaveBeenLastCalledWith({ tag: ["oak", "pine"] });
    await userEvent.click(screen.getByRole("button", { name: "oak" }));
    expect(onPick).toHaveBeenLastCalledWith({ tag: [] });
    await userEvent.click(screen.getByRole("button", { name: "500 and up" }));
    expect(onPick).toHaveBeenLastCalledWith({ minPrice: "500", maxPrice: null });
    await userEvent.click(screen.getByRole("button", { name: "In stock" }));
    expect(onPick).toHaveBeenLastCalledWith({ inStock: "true" });
  });

  it("clear a chosen category or price band when it is chosen again", async () => {
    const onPick = vi.fn();
    render(<Facets facets={FACETS} selected={{ ...NOTHING, category: "stools", minPrice: "0" }} onPick={onPick} />);
    await userEvent.click(screen.getByRole("button", { name: "Stools" }));
    expect(onPick).toHaveBeenLastCalledWith({ category: null });
    await userEvent.click(screen.getByRole("button", { name: "Under 25" }));
    expect(onPick).toHaveBeenLastCalledWith({ minPrice: null, maxPrice: null });
  });

  it("label price bands without assuming a currency", () => {
    expect(priceLabel({ minPrice: "0", maxPrice: "24.9999", count: 1 })).toBe("Under 25");
    expect(priceLabel({ minPrice: "25", maxPrice: "49.9999", count: 1 })).toBe("25 to 50");
    expect(priceLabel({ minPrice: "500", count: 1 })).toBe("500 and up");
  });
});
