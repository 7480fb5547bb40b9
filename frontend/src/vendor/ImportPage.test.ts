import { describe, expect, it } from "vitest";
import { progress } from "./ImportPage";

describe("import progress", () => {
  it("is the share of processed rows, and 100 once completed", () => {
    expect(progress({ total: 0, processed: 0, status: "queued" })).toBe(0);
    expect(progress({ total: 300, processed: 150, status: "running" })).toBe(50);
    expect(progress({ total: 3, processed: 2, status: "running" })).toBe(66);
    expect(progress({ total: 3, processed: 3, status: "completed" })).toBe(100);
    expect(progress({ total: 0, processed: 0, status: "completed" })).toBe(100);
  });
});
