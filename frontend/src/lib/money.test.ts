import { describe, expect, it } from "vitest";
import { formatMoney, fromUnits, sum, times, toUnits } from "./money";

describe("money", () => {
  it("multiplies and adds decimal strings exactly", () => {
    expect(times({ amount: "0.10", currency: "USD" }, 3)).toEqual({ amount: "0.30", currency: "USD" });
    expect(sum([{ amount: "0.1", currency: "USD" }, { amount: "0.2", currency: "USD" }], "USD")).toEqual({ amount: "0.30", currency: "USD" });
    expect(fromUnits(toUnits("123456789012345.9999"), 4)).toBe("123456789012345.9999");
  });

  it("formats with the currency", () => {
    expect(formatMoney({ amount: "1234.50", currency: "USD" })).toBe("$1,234.50");
    expect(formatMoney({ amount: "5.00", currency: "ZZZ" })).toMatch(/5/);
    expect(formatMoney(undefined)).toBe("");
  });
});
