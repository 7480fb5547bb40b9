import { describe, expect, it } from "vitest";
import { toRequest, toValues } from "./ProductForm";

describe("the product form", () => {
  it("turns its fields into the API's request, money as decimal strings", () => {
    const request = toRequest({ ...toValues(), name: " Bowl ", sku: "B-1", barcode: " 4006381333931 ", price: "32.00", compareAt: "40", currency: "USD",
      categoryId: "c1", tags: "clay, handmade ,", imageUrl: "https://img.example/bowl.png", description: "" });
    expect(request).toEqual({ name: "Bowl", names: {}, sku: "B-1", barcode: "4006381333931", description: undefined, price: { amount: "32.00", currency: "USD" },
      compareAtPrice: { amount: "40", currency: "USD" }, categoryIds: ["c1"], tags: ["clay", "handmade"],
      images: [{ url: "https://img.example/bowl.png", altText: "Bowl", position: 0 }], status: "active", variants: [] });
  });

  it("sends the variants in the product's currency, keeping the ids of existing ones", () => {
    const request = toRequest({ ...toValues(), name: "Tee", sku: "T", price: "20", currency: "EUR", categoryId: "c",
      variants: [{ id: "v1", sku: " T-S ", barcode: "", price: "20.00", options: "size = S, colour=red" },
        { sku: "T-M", barcode: "96385074", price: "25", options: "size=M,colour=red,nonsense" }] });
    expect(request.variants).toEqual([
      { id: "v1", sku: "T-S", price: { amount: "20.00", currency: "EUR" }, options: { size: "S", colour: "red" } },
      { sku: "T-M", barcode: "96385074", price: { amount: "25", currency: "EUR" }, options: { size: "M", colour: "red" } },
    ]);
  });

  it("shows a product's variants as rows, options written out", () => {
    const values = toValues({ name: "Tee", variants: [{ id: "v1", sku: "T-S", label: "red / S", options: { colour: "red", size: "S" },
      price: { amount: "20.00", currency: "USD" }, inStock: true }] });
    expect(values.variants).toEqual([{ id: "v1", sku: "T-S", barcode: "", price: "20.00", options: "colour=red, size=S" }]);
  });

  it("leaves out an empty compare-at price and image", () => {
    const request = toRequest({ ...toValues(), name: "Cup", sku: "C", price: "5", categoryId: "c" });
    expect(request.compareAtPrice).toBeUndefined();
    expect(request.images).toEqual([]);
  });
});
