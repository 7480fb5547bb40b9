import { describe, expect, it } from "vitest";
import { fileName } from "./download";

describe("download file name", () => {
  it("is the name the server gave, quoted or not", () => {
    expect(fileName('attachment; filename="agora-products-2026-11-30.csv"', "x.csv")).toBe("agora-products-2026-11-30.csv");
    expect(fileName("attachment; filename=report.csv", "x.csv")).toBe("report.csv");
  });

  it("falls back when there is no name or it is not a plain file name", () => {
    expect(fileName(null, "x.csv")).toBe("x.csv");
    expect(fileName("attachment", "x.csv")).toBe("x.csv");
    expect(fileName('attachment; filename="../../.bashrc"', "x.csv")).toBe("x.csv");
    expect(fileName('attachment; filename=".hidden"', "x.csv")).toBe("x.csv");
  });
});
