import type { Schemas } from "@agora/client";

type Product = Pick<Schemas["ProductView"], "moderation" | "moderationReason">;

/** Where a product stands with the admins, in the vendor's words: a short label and what it means. */
export function moderationNote(product: Product): { label: string; detail: string } {
  switch (product.moderation) {
    case "pending_review":
      return { label: "Waiting for review", detail: "Shoppers see it once an admin approves it." };
    case "rejected":
      return {
        label: "Not approved",
        detail: `${product.moderationReason ?? "No reason given."} Change the name, description or images to send it for review again.`,
      };
    default:
      return { label: "Approved", detail: "Changing the name, description or images sends it back to review; price and stock do not." };
  }
}
