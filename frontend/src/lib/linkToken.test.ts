import { describe, expect, it } from "vitest";
import { tokenFromHash } from "./linkToken";

describe("an emailed link's token", () => {
  it("is read from the fragment only when it looks like one", () => {
    expect(tokenFromHash("#token=pr_Ab-9_x")).toBe("pr_Ab-9_x");
    expect(tokenFromHash("#token=ev_Ab-9_x")).toBe("ev_Ab-9_x");
    expect(tokenFromHash("#token=")).toBeNull();
    expect(tokenFromHash("#token=<script>")).toBeNull();
    expect(tokenFromHash("")).toBeNull();
  });
});
