import type { Schemas } from "@agora/client";

const PART_STATUS: Record<string, string> = { PENDING: "Not shipped yet", SHIPPED: "On its way", DELIVERED: "Delivered" };

/** Each vendor's part of the order: where it is, what is in it, and how to track it. */
export function Parcels({ order }: { order: Schemas["OrderView"] }) {
  return (
    <>
      <h2>Delivery</h2>
      <ul className="parcels">
        {order.fulfilments?.map((part, n) => (
          <li key={part.vendorId ?? n}>
            <strong>{PART_STATUS[part.status ?? "PENDING"]}</strong>
            {": "}{order.items?.filter((i) => i.vendorId === part.vendorId).map((i) => `${i.quantity} × ${i.name}`).join(", ")}
            {part.carrier && <> · {part.carrier}</>}
            {part.trackingNumber && <> · tracking number <code>{part.trackingNumber}</code></>}
          </li>
        ))}
      </ul>
    </>
  );
}
