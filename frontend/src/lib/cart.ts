import { useSyncExternalStore } from "react";
import type { Schemas } from "@agora/client";
import { sum, times, type Money } from "./money";

export interface CartLine {
  productId: string;
  /** The variant chosen, for a product sold in variants (sizes, colours…). */
  variantId?: string;
  /** Its options, such as "M / red", as the product page showed them. */
  variantLabel?: string;
  name: string;
  slug?: string;
  image?: string;
  price: Money;
  quantity: number;
}

export interface Cart {
  lines: CartLine[];
}

export const MAX_QUANTITY = 1000;
export const MAX_LINES = 100;
const KEY = "agora.cart";

export const emptyCart: Cart = { lines: [] };

/** What tells a line apart: the product, or the product and its variant. */
export function lineKey(line: Pick<CartLine, "productId" | "variantId">): string {
  return line.variantId ? `${line.productId}/${line.variantId}` : line.productId;
}

/**
 * Adds a product, or one of its variants, merging with its line; quantities stay within what
 * checkout accepts. A product sold in variants is added only as one of them, at the variant's price.
 */
export function addToCart(cart: Cart, product: Schemas["ProductView"], quantity = 1, variantId?: string): Cart {
  const variants = product.variants ?? [];
  const variant = variantId ? variants.find((v) => v.id === variantId) : undefined;
  if (!product.id || !product.name || (variantId !== undefined && variant === undefined) || (variants.length > 0) !== (variant !== undefined)) {
    return cart;
  }
  const price = variant ? variant.price : product.price;
  if (!price) {
    return cart;
  }
  const key = lineKey({ productId: product.id, variantId: variant?.id });
  const existing = cart.lines.find((l) => lineKey(l) === key);
  if (existing) {
    return setQuantity(cart, key, existing.quantity + quantity);
  }
  if (cart.lines.length >= MAX_LINES) {
    return cart;
  }
  const line: CartLine = {
    productId: product.id,
    ...(variant ? { variantId: variant.id, variantLabel: variant.label } : {}),
    name: product.name,
    slug: product.slug,
    image: product.images?.[0]?.url,
    price,
    quantity: clamp(quantity),
  };
  return { lines: [...cart.lines, line] };
}

/** @param key the line's {@link lineKey} */
export function setQuantity(cart: Cart, key: string, quantity: number): Cart {
  if (!Number.isFinite(quantity) || quantity < 1) {
    return removeFromCart(cart, key);
  }
  return { lines: cart.lines.map((l) => (lineKey(l) === key ? { ...l, quantity: clamp(quantity) } : l)) };
}

/** @param key the line's {@link lineKey} */
export function removeFromCart(cart: Cart, key: string): Cart {
  return { lines: cart.lines.filter((l) => lineKey(l) !== key) };
}

export function itemCount(cart: Cart): number {
  return cart.lines.reduce((n, l) => n + l.quantity, 0);
}

/** The subtotal per currency (a cart can hold products priced in different currencies). */
export function subtotals(cart: Cart): Money[] {
  const currencies = [...new Set(cart.lines.map((l) => l.price.currency))];
  return currencies.map((c) => sum(cart.lines.filter((l) => l.price.currency === c).map((l) => times(l.price, l.quantity)), c));
}

function clamp(quantity: number): number {
  return Math.min(MAX_QUANTITY, Math.max(1, Math.floor(quantity)));
}

/** Reads a stored cart, dropping anything malformed (storage is user-editable). */
export function parseCart(raw: string | null): Cart {
  if (!raw) {
    return emptyCart;
  }
  try {
    const value = JSON.parse(raw) as { lines?: unknown };
    if (!Array.isArray(value.lines)) {
      return emptyCart;
    }
    const lines = value.lines.filter((l): l is CartLine =>
      typeof l === "object" && l !== null && typeof l.productId === "string" && typeof l.name === "string"
      && (l.variantId === undefined || typeof l.variantId === "string")
      && (l.variantLabel === undefined || typeof l.variantLabel === "string")
      && typeof l.quantity === "number" && l.quantity >= 1 && typeof l.price?.amount === "string"
      && /^\d{1,15}(\.\d{1,4})?$/.test(l.price.amount) && typeof l.price?.currency === "string");
    return { lines: lines.slice(0, MAX_LINES).map((l) => ({ ...l, quantity: clamp(l.quantity) })) };
  } catch {
    return emptyCart;
  }
}

// The cart lives in localStorage, so it survives reloads and is the same in every tab.
let current: Cart = typeof localStorage === "undefined" ? emptyCart : parseCart(localStorage.getItem(KEY));
const listeners = new Set<() => void>();

function emit() {
  listeners.forEach((l) => l());
}

if (typeof window !== "undefined") {
  window.addEventListener("storage", (e) => {
    if (e.key === KEY) {
      current = parseCart(e.newValue);
      emit();
    }
  });
}

export const cartStore = {
  get: () => current,
  update(change: (cart: Cart) => Cart) {
    current = change(current);
    localStorage.setItem(KEY, JSON.stringify(current));
    emit();
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** For tests: forget the in-memory copy and read storage again. */
  reload() {
    current = parseCart(localStorage.getItem(KEY));
    emit();
  },
};

export function useCart(): Cart {
  return useSyncExternalStore(cartStore.subscribe, cartStore.get, cartStore.get);
}
