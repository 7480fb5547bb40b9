import { describe, expect, it } from "vitest";
import { excerpt } from "./AdminProducts";

describe("review queue excerpt", () => {
  it("keeps a short description whole and cuts a long one with an ellipsis", () => {
    expect(excerpt("A jug.")).toBe("A jug.");
    expect(excerpt("word ".repeat(100), 12)).toBe("word word wo…");
  });
});
