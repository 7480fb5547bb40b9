import { describe, expect, it } from "vitest";
import { toRequest, toValues } from "./ProductForm";

describe("the product form", () => {
  it("turns its fields into the API's request, money as decimal strings", () => {
    const request = toRequest({ ...toValues(), name: " Bowl ", sku: "B-1", barcode: " 4006381333931 ", price: "32.00", compareAt: "40", currency: "USD",
      categoryId: "c1", tags: "clay, handmade ,", imageUrl: "https://img.example/bowl.png", description: "" });
    expect(request).toEqual({ name: "Bowl", names: {}, sku: "B-1", barcode: "4006381333931", description: undefined, price: { amount: "32.00", currency: "USD" },
      compareAtPrice: { amount: "40", currency: "USD" }, categoryIds: ["c1"], tags: ["clay", "handmade"],
      images: [{ url: "https://img.example/bowl.png", altText: "Bowl", position: 0 }], status: "active" });
  });

  it("leaves out an empty compare-at price and image", () => {
    const request = toRequest({ ...toValues(), name: "Cup", sku: "C", price: "5", categoryId: "c" });
    expect(request.compareAtPrice).toBeUndefined();
    expect(request.images).toEqual([]);
  });
});
