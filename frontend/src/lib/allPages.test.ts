import { describe, expect, it, vi } from "vitest";
import { allPages } from "./allPages";

describe("allPages", () => {
  it("reads every page in order and stops at the last", async () => {
    const fetchPage = vi.fn(async (page: number) => ({ items: [page * 2, page * 2 + 1], totalPages: 3 }));
    expect(await allPages(fetchPage)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  it("asks once for an empty list", async () => {
    const fetchPage = vi.fn(async () => ({ items: [], totalPages: 0 }));
    expect(await allPages(fetchPage)).toEqual([]);
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });
});
