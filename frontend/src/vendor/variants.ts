import type { Schemas } from "@agora/client";

type Variant = Schemas["ProductVariantView"];

/** A variant as the product form edits it: text fields, the options written as "size=M, colour=red". */
export interface VariantRow {
  id?: string;
  sku: string;
  barcode: string;
  price: string;
  options: string;
}

export const emptyRow: VariantRow = { sku: "", barcode: "", price: "", options: "" };

export function toRows(variants: Variant[] | undefined): VariantRow[] {
  return (variants ?? []).map((v) => ({
    id: v.id, sku: v.sku ?? "", barcode: v.barcode ?? "", price: v.price?.amount ?? "",
    options: Object.entries(v.options ?? {}).map(([name, value]) => `${name}=${value}`).join(", "),
  }));
}

/** "size=M, colour=red" as option name to value; a part without "=" is left out (the server then says what is missing). */
export function parseOptions(text: string): Record<string, string> {
  const options: Record<string, string> = {};
  for (const part of text.split(",")) {
    const at = part.indexOf("=");
    if (at > 0) {
      options[part.slice(0, at).trim()] = part.slice(at + 1).trim();
    }
  }
  return options;
}

/** The rows as the API takes them, in the product's currency; an id keeps a variant, none adds one. */
export function toVariantRequests(rows: VariantRow[], currency: string) {
  return rows.map((r) => ({
    ...(r.id ? { id: r.id } : {}),
    sku: r.sku.trim(),
    ...(r.barcode.trim() ? { barcode: r.barcode.trim() } : {}),
    price: { amount: r.price.trim(), currency },
    options: parseOptions(r.options),
  }));
}
