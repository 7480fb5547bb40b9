import { describe, expect, it, vi } from "vitest";
import { Tracker } from "./analytics";

describe("the storefront tracker", () => {
  it("sends events in one batch, with one session id", async () => {
    const send = vi.fn(async () => undefined);
    const tracker = new Tracker(send);
    tracker.track("page_view", { path: "/" });
    tracker.track("product_view", { productId: "p1" });
    await tracker.flush();
    expect(send).toHaveBeenCalledTimes(1);
    const batch = (send.mock.calls[0] as unknown as [{ type: string; sessionId: string }[]])[0];
    expect(batch.map((e) => e.type)).toEqual(["page_view", "product_view"]);
    expect(new Set(batch.map((e) => e.sessionId)).size).toBe(1);
    expect(tracker.pending()).toBe(0);
  });

  it("never throws into the page when sending fails", async () => {
    const tracker = new Tracker(async () => { throw new Error("offline"); });
    tracker.track("search", { query: "lamp" });
    await expect(tracker.flush()).resolves.toBeUndefined();
  });
});
