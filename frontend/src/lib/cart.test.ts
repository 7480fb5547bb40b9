import { beforeEach, describe, expect, it } from "vitest";
import { addToCart, cartStore, emptyCart, itemCount, lineKey, MAX_QUANTITY, parseCart, removeFromCart, setQuantity, subtotals } from "./cart";

const lamp = { id: "p1", name: "Lamp", slug: "lamp", price: { amount: "19.99", currency: "USD" } };
const chair = { id: "p2", name: "Chair", price: { amount: "149.50", currency: "USD" } };
const tee = {
  id: "p3", name: "Tee", price: { amount: "20.00", currency: "USD" },
  variants: [
    { id: "v-s", sku: "TEE-S", label: "S", options: { size: "S" }, inStock: true, price: { amount: "20.00", currency: "USD" } },
    { id: "v-m", sku: "TEE-M", label: "M", options: { size: "M" }, inStock: true, price: { amount: "25.00", currency: "USD" } },
  ],
};

describe("the cart", () => {
  beforeEach(() => {
    localStorage.clear();
    cartStore.reload();
  });

  it("merges a product added twice into one line", () => {
    const cart = addToCart(addToCart(emptyCart, lamp, 1), lamp, 2);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]?.quantity).toBe(3);
  });

  it("adds the subtotal in exact decimals, not floats", () => {
    let cart = addToCart(emptyCart, lamp, 3);
    cart = addToCart(cart, chair, 1);
    // 3 × 19.99 + 149.50 = 209.47 (0.1 + 0.2 style float errors would show here)
    expect(subtotals(cart)).toEqual([{ amount: "209.47", currency: "USD" }]);
    expect(itemCount(cart)).toBe(4);
  });

  it("keeps quantities between 1 and what checkout accepts", () => {
    let cart = addToCart(emptyCart, lamp, 5000);
    expect(cart.lines[0]?.quantity).toBe(MAX_QUANTITY);
    cart = setQuantity(cart, "p1", 2.7);
    expect(cart.lines[0]?.quantity).toBe(2);
    cart = setQuantity(cart, "p1", 0);
    expect(cart.lines).toHaveLength(0);
  });

  it("keeps one line per variant, each at the variant's price", () => {
    let cart = addToCart(emptyCart, tee, 2, "v-s");
    cart = addToCart(cart, tee, 1, "v-m");
    cart = addToCart(cart, tee, 1, "v-s");
    expect(cart.lines.map((l) => [l.variantId, l.variantLabel, l.quantity])).toEqual([["v-s", "S", 3], ["v-m", "M", 1]]);
    expect(subtotals(cart)).toEqual([{ amount: "85.00", currency: "USD" }]);
    cart = setQuantity(cart, lineKey({ productId: "p3", variantId: "v-m" }), 4);
    cart = removeFromCart(cart, lineKey({ productId: "p3", variantId: "v-s" }));
    expect(cart.lines.map((l) => [l.variantId, l.quantity])).toEqual([["v-m", 4]]);
  });

  it("adds a product sold in variants only as one of them, and a simple product only as itself", () => {
    expect(addToCart(emptyCart, tee, 1).lines).toHaveLength(0);
    expect(addToCart(emptyCart, tee, 1, "v-unknown").lines).toHaveLength(0);
    expect(addToCart(emptyCart, lamp, 1, "v-s").lines).toHaveLength(0);
  });

  it("removes a line", () => {
    const cart = removeFromCart(addToCart(addToCart(emptyCart, lamp), chair), "p1");
    expect(cart.lines.map((l) => l.productId)).toEqual(["p2"]);
  });

  it("is kept across a reload", () => {
    cartStore.update((c) => addToCart(c, lamp, 2));
    cartStore.reload();
    expect(cartStore.get().lines[0]).toMatchObject({ productId: "p1", quantity: 2, price: { amount: "19.99", currency: "USD" } });
  });

  it("drops stored lines that are malformed instead of failing", () => {
    const stored = JSON.stringify({ lines: [
      { productId: "ok", name: "Fine", quantity: 1, price: { amount: "1.00", currency: "USD" } },
      { productId: "bad", name: "Float", quantity: 1, price: { amount: 1, currency: "USD" } },
      { productId: "neg", name: "Negative", quantity: -3, price: { amount: "1.00", currency: "USD" } },
      "junk",
    ] });
    expect(parseCart(stored).lines.map((l) => l.productId)).toEqual(["ok"]);
    expect(parseCart("{not json")).toEqual(emptyCart);
  });

  it("gives one subtotal per currency", () => {
    const euro = { id: "p3", name: "Pan", price: { amount: "10.00", currency: "EUR" } };
    expect(subtotals(addToCart(addToCart(emptyCart, lamp), euro))).toEqual([
      { amount: "19.99", currency: "USD" }, { amount: "10.00", currency: "EUR" }]);
  });
});
