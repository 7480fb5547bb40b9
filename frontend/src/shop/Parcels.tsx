import type { Schemas } from "@agora/client";
import { formatMoney, sum } from "../lib/money";

const PART_STATUS: Record<string, string> = {
  PENDING: "Not shipped yet", SHIPPED: "On its way", DELIVERED: "Delivered", CANCELLED: "Cancelled",
};
const CANCELLABLE_ORDER = new Set(["CONFIRMED", "PARTIALLY_SHIPPED"]);

type Order = Schemas["OrderView"];
type Part = NonNullable<Order["fulfilments"]>[number];

/** The lines of one vendor's part, and what they cost together. */
export function partLines(order: Order, part: Part) {
  const lines = order.items?.filter((i) => i.vendorId === part.vendorId) ?? [];
  const total = sum(lines.flatMap((i) => (i.lineTotal ? [i.lineTotal] : [])), order.currency ?? "USD");
  return { text: lines.map((i) => `${i.quantity} × ${i.name}`).join(", "), total };
}

/**
 * Each vendor's part of the order: where it is, what is in it, and how to track it. With
 * {@code onCancel}, a part not shipped yet can be cancelled while another part still stands (the
 * last one is the whole order, which the order's own button cancels).
 */
export function Parcels({ order, onCancel, busy = false }: {
  order: Order;
  onCancel?: (vendorId: string) => void;
  busy?: boolean;
}) {
  const standing = order.fulfilments?.filter((p) => p.status !== "CANCELLED").length ?? 0;
  const cancellable = (part: Part) => onCancel && part.vendorId && part.status === "PENDING"
    && CANCELLABLE_ORDER.has(order.status ?? "") && standing > 1;
  return (
    <>
      <h2>Delivery</h2>
      <ul className="parcels">
        {order.fulfilments?.map((part, n) => (
          <li key={part.vendorId ?? n}>
            <strong>{PART_STATUS[part.status ?? "PENDING"]}</strong>
            {": "}{partLines(order, part).text}
            {part.carrier && <> · {part.carrier}</>}
            {part.trackingNumber && <> · tracking number <code>{part.trackingNumber}</code></>}
            {part.refund && <> · {formatMoney(part.refund)} refunded</>}
            {cancellable(part) && (
              <>
                {" "}
                <button type="button" className="link" disabled={busy}
                  aria-label={`Cancel ${partLines(order, part).text}`}
                  onClick={() => onCancel?.(part.vendorId ?? "")}>Cancel these items</button>
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
