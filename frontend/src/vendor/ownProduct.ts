import { useOutletContext } from "react-router";
import { unwrap, type Schemas } from "@agora/client";
import { api } from "../lib/api";
import { byId, notFound } from "../lib/ids";

/** The vendor whose pages these are, as VendorHome hands it to them. */
export function useVendorId(): string {
  return useOutletContext<{ vendorId: string }>().vendorId;
}

/**
 * One of the vendor's own products, under the catalogue's own name whatever the browser's language
 * (the one the vendor edits). Another vendor's product is public, but the API answers every change
 * to it with a 404, so these pages say "not found" at once rather than offer forms it would refuse.
 */
export async function ownProduct(id: string, vendorId: string): Promise<Schemas["ProductView"]> {
  const product = await byId(id, "product", () => unwrap(api.GET("/api/v1/products/{id}", { params: { path: { id } },
    headers: { "Accept-Language": "*" } })));
  if (product.vendorId !== vendorId) {
    throw notFound("product");
  }
  return product;
}
